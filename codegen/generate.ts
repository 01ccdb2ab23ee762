// The whole pipeline as one function: spec -> IR -> { relative path: text }.
import { buildComponentsIR } from './ir/components';
import type { Spec } from './load';
import { renderComponent, renderSharedEnum, renderSharedStruct, renderUmbrella } from './render/components';
import { renderBases, renderComponentError } from './render/support';

export function generate(spec: Spec): Map<string, string> {
  const ir = buildComponentsIR(spec);
  const out = new Map<string, string>();
  out.set('ComponentError.h', renderComponentError(ir));
  const bases = renderBases();
  out.set('DataComponent.h', bases.data);
  out.set('FormComponent.h', bases.form);
  for (const e of ir.enums.filter((x) => x.scope === 'shared')) out.set(`types/${e.name}.h`, renderSharedEnum(e));
  for (const s of ir.structs.filter((x) => x.scope === 'shared')) out.set(`types/${s.name}.h`, renderSharedStruct(s));
  for (const c of ir.components) out.set(`${c.family}/${c.name}.h`, renderComponent(c));
  out.set('Components.h', renderUmbrella(ir));
  return new Map([...out.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

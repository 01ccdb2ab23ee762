// The whole pipeline as one function: spec -> IR -> { relative path: text }.
import { buildComponentsIR, newCtx } from './ir/components';
import { buildDecoderIR } from './ir/decoders';
import { buildOperationsIR } from './ir/operations';
import type { Spec } from './load';
import { renderComponent, renderSharedEnum, renderSharedStruct, renderUmbrella } from './render/components';
import { renderInboundDecoder } from './render/decoders';
import { renderApiSupport, renderApiUmbrella, renderOperation } from './render/operations';
import { renderBases, renderComponentError } from './render/support';

export function generate(spec: Spec): Map<string, string> {
  const ctx = newCtx(spec);
  const ir = buildComponentsIR(spec, ctx);
  const ops = buildOperationsIR(spec, ctx);
  const enums = [...ctx.enums.values()];
  const out = new Map<string, string>();
  out.set('ComponentError.h', renderComponentError(ir));
  const bases = renderBases();
  out.set('DataComponent.h', bases.data);
  out.set('FormComponent.h', bases.form);
  for (const e of enums.filter((x) => x.scope === 'shared')) out.set(`types/${e.name}.h`, renderSharedEnum(e));
  for (const s of ctx.structOrder.filter((x) => x.scope === 'shared')) out.set(`types/${s.name}.h`, renderSharedStruct(s));
  for (const c of ir.components) out.set(`${c.family}/${c.name}.h`, renderComponent(c, ir.components));
  out.set('Components.h', renderUmbrella(ir));
  if (ops.operations.length) {
    out.set('ApiSupport.h', renderApiSupport());
    for (const o of ops.operations) out.set(`api/${o.name}.h`, renderOperation(o));
    out.set('Api.h', renderApiUmbrella(ops));
  }
  const decoder = buildDecoderIR(spec);
  if (decoder) out.set('decode/InboundEventDecoder.h', renderInboundDecoder(decoder));
  return new Map([...out.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

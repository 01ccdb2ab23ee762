// The whole pipeline as one function: spec -> IR -> { relative path: text }.
import { buildComponentsIR, newCtx } from './ir/components';
import { buildDecoderIR, buildResponseDecodersIR } from './ir/decoders';
import { buildOperationsIR } from './ir/operations';
import type { Spec } from './load';
import { renderComponent, renderSharedEnum, renderSharedStruct, renderUmbrella } from './render/components';
import { renderDecodersUmbrella, renderInboundDecoder, renderResponseDecoder, renderTreeDecoder, type ShapeOwners } from './render/decoders';
import { apiKeys, renderApiSupport, renderApiUmbrella, renderOperation } from './render/operations';
import { renderBases, renderComponentError } from './render/support';
import { builderKeys } from './render/classes';

export function generate(spec: Spec): Map<string, string> {
  const ctx = newCtx(spec);
  const ir = buildComponentsIR(spec, ctx);
  const ops = buildOperationsIR(spec, ctx);
  const enums = [...ctx.enums.values()];
  const out = new Map<string, string>();
  const requestKeys = ops.operations.length ? apiKeys(ops) : [];
  out.set('ComponentError.h', renderComponentError(ir, requestKeys));
  const bases = renderBases();
  out.set('DataComponent.h', bases.data);
  out.set('FormComponent.h', bases.form);
  for (const e of enums.filter((x) => x.scope === 'shared')) out.set(`types/${e.name}.h`, renderSharedEnum(e));
  for (const s of ctx.structOrder.filter((x) => x.scope === 'shared')) out.set(`types/${s.name}.h`, renderSharedStruct(s, ir.components));
  for (const c of ir.components) out.set(`${c.family}/${c.name}.h`, renderComponent(c, ir.components));
  out.set('Components.h', renderUmbrella(ir));
  if (ops.operations.length) {
    out.set('ApiSupport.h', renderApiSupport(ops.operations.some((o) => o.multipart)));
    const pool = new Set([...builderKeys(ir.components), ...requestKeys]);
    for (const o of ops.operations) out.set(`api/${o.name}.h`, renderOperation(o, ir.components, pool));
    out.set('Api.h', renderApiUmbrella(ops));
  }
  // Decoders get their own IR context: their trees must not add shared types.
  const decoder = buildDecoderIR(spec, newCtx(spec));
  const responses = buildResponseDecodersIR(spec, newCtx(spec));
  const trees = [...(decoder ? [decoder] : []), ...responses];
  if (trees.length) {
    const maxKey = Math.max(...trees.flatMap((t) => t.nodes.map((n) => n.key.length)), 'formComponentType'.length);
    out.set('decode/TreeDecoder.h', renderTreeDecoder(maxKey));
    if (decoder) out.set(`decode/${decoder.name}.h`, renderInboundDecoder(decoder));
    const shapes: ShapeOwners = new Map();
    for (const r of responses) out.set(`decode/${r.name}.h`, renderResponseDecoder(r, shapes));
    out.set('Decoders.h', renderDecodersUmbrella(trees.map((t) => `decode/${t.name}.h`)));
  }
  return new Map([...out.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

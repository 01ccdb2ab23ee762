// Services: tunnels (create / open / close / delete / list), files (multipart
// upload, download as raw bytes), the LLM list.
import { randomUUID } from 'crypto';
import { badRequest, notFound } from '../errors';
import { BinaryResult, CallContext, HandlerTable } from '../router';
import { Tunnel } from '../state';
import { me, requiredString } from './common';
import type { FilesUploaded, Llms, TunnelCreated, TunnelOpened } from '../types/api';

function tunnelView(t: Tunnel): Record<string, unknown> {
  const v: Record<string, unknown> = {
    tunnelId: t.tunnelId,
    name: t.name,
    description: t.description,
    clientPort: t.clientPort,
    clientPath: t.clientPath,
    publicKey: t.publicKey,
    tunnelUrl: t.tunnelUrl,
  };
  if (t.open) Object.assign(v, { host: t.host, username: t.username, port: t.port });
  return v;
}

function tunnelFor(ctx: CallContext): Tunnel {
  const id = requiredString(ctx, 'tunnelId');
  const t = ctx.state.tunnels.get(id);
  if (!t || t.ownerId !== me(ctx).accountId) throw notFound(`tunnel '${id}' not found`);
  return t;
}

let nextTunnelPort = 20000;

export const serviceHandlers: HandlerTable = {
  'GET /service/tunnel': (ctx) => {
    const acc = me(ctx).accountId;
    return [...ctx.state.tunnels.values()].filter((t) => t.ownerId === acc).map(tunnelView);
  },

  'POST /service/tunnel/create': (ctx) => {
    const acc = me(ctx);
    const b = ctx.body;
    const t: Tunnel = {
      tunnelId: randomUUID(),
      ownerId: acc.accountId,
      name: b.name,
      description: b.description,
      clientPort: b.clientPort,
      clientPath: b.clientPath,
      publicKey: b.publicKey,
      open: false,
    };
    ctx.state.tunnels.set(t.tunnelId, t);
    return { tunnelId: t.tunnelId } satisfies TunnelCreated;
  },

  'POST /service/tunnel/open': (ctx) => {
    const t = tunnelFor(ctx);
    t.open = true;
    t.host = 'tunnel.mock.semilimes.invalid';
    t.username = `u${t.tunnelId.slice(0, 8)}`;
    t.port = nextTunnelPort++;
    t.tunnelUrl = `https://${t.name}-${t.tunnelId.slice(0, 8)}.tunnel.mock.semilimes.invalid`;
    return { tunnelId: t.tunnelId, host: t.host, username: t.username, port: t.port, tunnelUrl: t.tunnelUrl } satisfies TunnelOpened;
  },

  'POST /service/tunnel/close': (ctx) => {
    const t = tunnelFor(ctx);
    t.open = false;
    t.host = t.username = undefined;
    t.port = undefined;
    return {};
  },

  'POST /service/tunnel/delete': (ctx) => {
    const t = tunnelFor(ctx);
    ctx.state.tunnels.delete(t.tunnelId);
    return {};
  },

  'POST /service/file/upload': (ctx) => {
    const acc = me(ctx);
    if (ctx.files.length === 0) throw badRequest('body/httpFiles is required: no file part', 'body/httpFiles');
    const uploadedFiles = ctx.files.map((f) => {
      const fileId = randomUUID();
      const title = f.filename ?? f.field;
      ctx.state.files.set(fileId, { fileId, title, size: f.data.length, contentType: f.contentType, data: f.data, ownerId: acc.accountId });
      return { fileId, title, size: f.data.length };
    });
    return { uploadedFiles } satisfies FilesUploaded;
  },

  'POST /service/file/download': (ctx) => {
    me(ctx);
    const id = requiredString(ctx, 'fileId');
    const f = ctx.state.files.get(id);
    if (!f) throw notFound(`file '${id}' not found`);
    return new BinaryResult(f.data, f.contentType || 'application/octet-stream', f.title);
  },

  'GET /service/llms': (ctx) => ({ llms: [...(ctx.state.llms.get(me(ctx).accountId) ?? [])] }) satisfies Llms,
};

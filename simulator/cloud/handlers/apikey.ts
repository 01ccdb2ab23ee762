// API keys: validate the calling key, create a key, delete (revoke) a key.
// The docs' rotation flow: validate -> if expiring within 5 days create a new
// one (its `previous_api_key_id` names the caller's key) -> delete the old one.
import { badRequest, forbidden, notFound } from '../errors';
import type { HandlerTable } from '../router';
import type { ApiKey } from '../state';
import { firstPathParam, me } from './common';
import { withMisbehaviour } from './provisioning';

function keyView(k: ApiKey): Record<string, unknown> {
  return {
    id: k.id,
    name: k.name,
    created_at: k.createdAt,
    expire_at: k.expireAt,
    is_active: k.isActive,
    revoked_at: k.revokedAt,
    previous_api_key_id: k.previousApiKeyId,
  };
}

export const apikeyHandlers: HandlerTable = withMisbehaviour({
  'GET /apikey/~validate': (ctx) => {
    me(ctx);
    return keyView(ctx.apiKey!);
  },

  'POST /apikey': (ctx) => {
    const acc = me(ctx);
    const { name, expire_at } = ctx.body as { name?: string; expire_at?: string };
    if (typeof expire_at !== 'string' || Number.isNaN(Date.parse(expire_at))) throw badRequest('body/expire_at must be a date-time', 'body/expire_at');
    if (Date.parse(expire_at) <= Date.now()) throw badRequest('body/expire_at must be in the future', 'body/expire_at');
    const k = ctx.state.issueKey(acc.accountId, {
      name: typeof name === 'string' ? name : undefined,
      expireAt: new Date(Date.parse(expire_at)).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      previousApiKeyId: ctx.apiKey?.id ?? null,
    });
    return { ...keyView(k), key: k.key };
  },

  'DELETE /apikey/{key_id}': (ctx) => {
    const acc = me(ctx);
    const raw = firstPathParam(ctx);
    const id = Number(raw);
    const k = ctx.state.apiKeys.get(id);
    if (!k || k.revokedAt) throw notFound(`API key ${raw} not found`);
    if (k.accountId !== acc.accountId) throw forbidden(`API key ${raw} belongs to another account`);
    k.isActive = false;
    k.revokedAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    return { id: k.id };
  },
});

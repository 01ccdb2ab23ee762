// Helpers every handler family uses: the caller's account, parameter lookup,
// ownership checks.
import { ApiError, badRequest, notFound, unauthorized } from '../errors';
import type { CallContext } from '../router';
import type { Account } from '../state';

/** The authenticated account; operations without security still need one for most actions. */
export function me(ctx: CallContext): Account {
  if (!ctx.account) throw unauthorized();
  return ctx.account;
}

/** A value from query/path parameters or the body (the docs place some ids in either). */
export function arg(ctx: CallContext, name: string): any {
  if (ctx.params[name] !== undefined) return ctx.params[name];
  if (ctx.body && typeof ctx.body === 'object' && ctx.body[name] !== undefined) return ctx.body[name];
  return undefined;
}

export function requiredString(ctx: CallContext, name: string): string {
  const v = arg(ctx, name);
  if (typeof v !== 'string' || v.length === 0) throw badRequest(`${name} is required`, name);
  return v;
}

/** The first path parameter, whatever the spec calls it ("key_id", "keyId"...). */
export function firstPathParam(ctx: CallContext): string | undefined {
  const n = ctx.op.pathParamNames[0];
  return n === undefined ? undefined : String(ctx.params[n]);
}

export function accountOrThrow(ctx: CallContext, id: string, what = 'account'): Account {
  const a = ctx.state.accounts.get(id);
  if (!a) throw notFound(`${what} '${id}' not found`);
  return a;
}

/** Query booleans that may be absent: absent means "not filtering". */
export function flag(v: unknown): boolean | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === '1' || v === 1) return true;
  if (v === 'false' || v === '0' || v === 0) return false;
  return undefined;
}

export function limitOf(v: unknown, fallback = 100): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : fallback;
}

export { ApiError };

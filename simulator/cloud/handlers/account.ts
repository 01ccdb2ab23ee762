// Accounts: my accounts (main, sub, shared), profile, feed (posts are
// buckets), contacts.
import { randomUUID } from 'crypto';
import { forbidden, notFound } from '../errors';
import type { CallContext, HandlerTable } from '../router';
import { Account, Bucket, CloudState, accountView, nowSec } from '../state';
import { accountOrThrow, arg, flag, limitOf, me } from './common';

/** Creates a bucket from a bucket-shaped object, or returns the referenced existing one. */
export function createOrReferenceBucket(state: CloudState, owner: Account, src: Record<string, any>): Bucket {
  if (typeof src.bucketId === 'string' && src.bucketId !== '<auto_generated>') {
    const existing = state.buckets.get(src.bucketId);
    if (!existing) throw notFound(`bucket '${src.bucketId}' not found`);
    return existing;
  }
  const children = Array.isArray(src.dataComponents) ? src.dataComponents : [];
  for (const c of children) {
    if (c && c.dataComponentType === 'bucket' && typeof c.bucketId === 'string' && !state.buckets.has(c.bucketId)) {
      throw notFound(`bucket '${c.bucketId}' referenced in dataComponents not found`);
    }
  }
  const b: Bucket = {
    bucketId: randomUUID(),
    dataComponentType: 'bucket',
    title: src.title,
    description: src.description,
    ownerId: owner.accountId,
    avatar: src.avatar,
    visible: src.visible ?? true,
    locked: src.locked ?? false,
    enableReactions: src.enableReactions ?? true,
    dataComponents: children,
    likes: new Set(),
    viewCount: 0,
  };
  state.buckets.set(b.bucketId, b);
  return b;
}

function mainOf(state: CloudState, acc: Account): Account {
  return state.accounts.get(acc.parentAccountId ?? acc.accountId) ?? acc;
}

function postView(p: { bucketId: string; publishedOn: number; editedOn: number }) {
  return { publishedOn: p.publishedOn, editedOn: p.editedOn, dataComponent: { bucketId: p.bucketId, dataComponentType: 'bucket' } };
}

function targetAccount(ctx: CallContext): Account {
  const id = arg(ctx, 'accountId');
  return typeof id === 'string' && id.length > 0 ? accountOrThrow(ctx, id) : me(ctx);
}

export const accountHandlers: HandlerTable = {
  'GET /account/my': (ctx) => {
    const acc = me(ctx);
    const st = ctx.state;
    const details = flag(ctx.params.details) === true;
    const want = (n: string) => flag(ctx.params[n]) !== false;
    const main = mainOf(st, acc);
    const out: Record<string, unknown> = { currentAccount: accountView(acc, details) };
    if (want('main')) out.mainAccount = accountView(main, details);
    if (want('sub')) out.subAccounts = [...st.accounts.values()].filter((a) => a.parentAccountId === main.accountId).map((a) => accountView(a, details));
    if (want('shared')) out.sharedAccounts = [];
    return out;
  },

  'GET /account/profile': (ctx) => {
    me(ctx);
    const target = targetAccount(ctx);
    const p = ctx.state.profiles.get(target.accountId)!;
    if (!p.visible && target.accountId !== ctx.account!.accountId) throw forbidden('profile is not visible');
    return { ...p };
  },

  'POST /account/profile/update': (ctx) => {
    const acc = me(ctx);
    const p = ctx.state.profiles.get(acc.accountId)!;
    for (const k of ['title', 'description', 'avatar', 'visible', 'locked', 'enableReactions', 'pinWall'] as const) {
      if (ctx.body[k] !== undefined) (p as any)[k] = ctx.body[k];
    }
    acc.updatedAt = nowSec();
    return { accountId: acc.accountId, updatedProfile: { ...p } };
  },

  'GET /account/feed': (ctx) => {
    me(ctx);
    const target = targetAccount(ctx);
    const f = ctx.state.feeds.get(target.accountId)!;
    const before = ctx.params.before !== undefined ? Number(ctx.params.before) : undefined;
    const after = ctx.params.after !== undefined ? Number(ctx.params.after) : undefined;
    const posts = f.posts
      .filter((p) => (before === undefined || p.publishedOn < before) && (after === undefined || p.publishedOn > after))
      .slice(-limitOf(ctx.params.limit, 1000))
      .map(postView);
    return { feedId: f.feedId, accountId: f.accountId, featureType: 'feed', title: f.title, avatar: f.avatar, posts };
  },

  'POST /account/feed/post/add': (ctx) => {
    const acc = me(ctx);
    const src = ctx.body.dataComponent && typeof ctx.body.dataComponent === 'object' ? ctx.body.dataComponent : ctx.body;
    const b = createOrReferenceBucket(ctx.state, acc, src);
    const f = ctx.state.feeds.get(acc.accountId)!;
    const t = nowSec();
    const post = { bucketId: b.bucketId, publishedOn: t, editedOn: t };
    f.posts.push(post);
    return { feedId: f.feedId, accountId: acc.accountId, addedPost: postView(post) };
  },

  'POST /account/feed/post/update': (ctx) => {
    const acc = me(ctx);
    const f = ctx.state.feeds.get(acc.accountId)!;
    const post = f.posts.find((p) => p.bucketId === ctx.body.bucketId);
    const b = ctx.state.buckets.get(ctx.body.bucketId);
    if (!post || !b) throw notFound(`post with bucketId '${ctx.body.bucketId}' not found in the feed`);
    if (b.ownerId !== acc.accountId) throw forbidden('only the bucket owner can edit this post');
    for (const k of ['title', 'description', 'avatar', 'visible', 'locked', 'enableReactions', 'dataComponents'] as const) {
      if (ctx.body[k] !== undefined) (b as any)[k] = ctx.body[k];
    }
    post.editedOn = nowSec();
    return { feedId: f.feedId, accountId: acc.accountId, updatedPost: postView(post) };
  },

  'GET /account/contacts': (ctx) => {
    const acc = me(ctx);
    const list = [...(ctx.state.contacts.get(acc.accountId)?.values() ?? [])];
    return list.map((c) => ({ accountId: c.accountId, accountName: ctx.state.accounts.get(c.accountId)?.accountName ?? '', contactStatus: c.contactStatus }));
  },
};

// Buckets: open (counts a view), update (owner only, unless unlocked), like
// and unlike (only when reactions are enabled).
import { forbidden, notFound } from '../errors';
import type { CallContext, HandlerTable } from '../router';
import { Bucket, bucketView } from '../state';
import { me, requiredString } from './common';
import type { BucketLike } from '../types/api';

function bucketFor(ctx: CallContext): Bucket {
  const id = requiredString(ctx, 'bucketId');
  const b = ctx.state.buckets.get(id);
  if (!b || (!b.visible && b.ownerId !== me(ctx).accountId)) throw notFound(`bucket '${id}' not found`);
  return b;
}

export const bucketHandlers: HandlerTable = {
  'POST /communication/bucket': (ctx) => {
    const b = bucketFor(ctx);
    b.viewCount++;
    return bucketView(b, me(ctx).accountId);
  },

  'POST /communication/bucket/update': (ctx) => {
    const b = bucketFor(ctx);
    const acc = me(ctx).accountId;
    if (b.ownerId !== acc && b.locked) throw forbidden(`bucket '${b.bucketId}' is locked`);
    for (const k of ['title', 'description', 'avatar', 'visible', 'locked', 'enableReactions', 'dataComponents'] as const) {
      if (ctx.body[k] !== undefined) (b as any)[k] = ctx.body[k];
    }
    const v = bucketView(b, acc);
    delete v.dataComponents;
    return { accountId: acc, updatedBucket: v };
  },

  'POST /communication/bucket/like': (ctx) => {
    const b = bucketFor(ctx);
    if (!b.enableReactions) throw forbidden(`bucket '${b.bucketId}' does not allow reactions`);
    b.likes.add(me(ctx).accountId);
    return { bucketId: b.bucketId, like: true } satisfies BucketLike;
  },

  'POST /communication/bucket/unlike': (ctx) => {
    const b = bucketFor(ctx);
    b.likes.delete(me(ctx).accountId);
    return { bucketId: b.bucketId, like: false } satisfies BucketLike;
  },
};

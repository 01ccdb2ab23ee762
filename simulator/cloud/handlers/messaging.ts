// Message operations shared by p2p chats, group chats and channels: edit,
// react, un-react, reply. Each family passes how to check that the caller may
// act on the message's container.
import { forbidden, notFound } from '../errors';
import type { CallContext } from '../router';
import { Container, Message, messageView, nowSec } from '../state';
import { me, requiredString } from './common';
import type { ReactionAdded, ReactionRemoved } from '../types/api';

export type Family = Container['featureType'];

/** Finds a message of this family the caller can see; 404 otherwise. */
export function findMessage(ctx: CallContext, family: Family, canSee: (c: Container, accountId: string) => boolean): Message {
  const id = requiredString(ctx, 'messageId');
  const m = ctx.state.messages.get(id);
  if (!m || m.container.featureType !== family || !canSee(m.container, me(ctx).accountId)) throw notFound(`message '${id}' not found in this ${family}`);
  return m;
}

export function updateMessage(ctx: CallContext, family: Family, canSee: (c: Container, a: string) => boolean) {
  const m = findMessage(ctx, family, canSee);
  if (m.publisherId !== me(ctx).accountId) throw forbidden('only the publisher can edit a message');
  m.dataComponent = ctx.body.dataComponent;
  m.updatedOn = nowSec();
  ctx.core.bus.emit('messageUpdated', m);
  return { updatedMessage: messageView(m) };
}

export function addReaction(ctx: CallContext, family: Family, canSee: (c: Container, a: string) => boolean) {
  const m = findMessage(ctx, family, canSee);
  const acc = me(ctx).accountId;
  const r = String(ctx.body.reaction ?? '');
  const list = (m.messageReactions[r] ??= []);
  if (!list.includes(acc)) list.push(acc);
  return { messageId: m.messageId, addedReaction: r } satisfies ReactionAdded;
}

export function removeReaction(ctx: CallContext, family: Family, canSee: (c: Container, a: string) => boolean) {
  const m = findMessage(ctx, family, canSee);
  const acc = me(ctx).accountId;
  const r = String(ctx.body.reaction ?? '');
  const list = m.messageReactions[r];
  if (!list || !list.includes(acc)) throw notFound(`no reaction '${r}' by the caller on message '${m.messageId}'`);
  m.messageReactions[r] = list.filter((a) => a !== acc);
  if (m.messageReactions[r].length === 0) delete m.messageReactions[r];
  return { messageId: m.messageId, removedReaction: r } satisfies ReactionRemoved;
}

export function reply(ctx: CallContext, family: Family, canSee: (c: Container, a: string) => boolean) {
  const m = findMessage(ctx, family, canSee);
  const acc = me(ctx);
  const dc = { dataComponentType: 'text', ...ctx.body.dataComponent };
  const r = ctx.state.addMessage(m.container, acc.accountId, dc, m.messageId);
  ctx.core.deliver(r, acc.accountId);
  return { messageId: m.messageId, sentReply: messageView(r) };
}

/** Messages filtered by messageId and limited to the newest `limit`. */
export function listMessages(list: Message[], messageId: unknown, limit: number) {
  const selected = typeof messageId === 'string' && messageId.length > 0 ? list.filter((m) => m.messageId === messageId) : list;
  return selected.slice(-limit).map(messageView);
}

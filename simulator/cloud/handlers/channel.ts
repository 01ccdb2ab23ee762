// Channels: an owner, editors who publish, subscribers who receive. The
// caller's role is reported per channel (Owner / Editor / Subscriber).
import { randomUUID } from 'crypto';
import { badRequest, forbidden, notFound } from '../errors';
import type { CallContext, HandlerTable } from '../router';
import { Channel, CloudState, Container, messageView } from '../state';
import { accountOrThrow, arg, flag, limitOf, me, requiredString } from './common';
import { addReaction, listMessages, removeReaction, reply, updateMessage } from './messaging';
import type { ChannelCreated, ChannelSubscription } from '../types/api';

export function roleIn(ch: Channel, accountId: string): 'Owner' | 'Editor' | 'Subscriber' | undefined {
  if (ch.ownerId === accountId) return 'Owner';
  if (ch.editorIds.includes(accountId)) return 'Editor';
  if (ch.subscriberIds.includes(accountId)) return 'Subscriber';
  return undefined;
}

const canPublish = (ch: Channel, a: string) => ch.ownerId === a || ch.editorIds.includes(a);
const canRead = (ch: Channel, a: string) => ch.visible || roleIn(ch, a) !== undefined;

function canSeeIn(state: CloudState) {
  return (c: Container, accountId: string) => {
    if (c.featureType !== 'channel') return false;
    const ch = state.channels.get(c.channelId);
    return !!ch && canRead(ch, accountId);
  };
}

export function channelView(ch: Channel, viewerId: string): Record<string, unknown> {
  const v: Record<string, unknown> = {
    channelId: ch.channelId,
    title: ch.title,
    visible: ch.visible,
    locked: ch.locked,
    ownerId: ch.ownerId,
    editorIds: [...ch.editorIds],
  };
  if (ch.avatar !== undefined) v.avatar = ch.avatar;
  const role = roleIn(ch, viewerId);
  if (role) v.role = role;
  return v;
}

function channelFor(ctx: CallContext): Channel {
  const id = requiredString(ctx, 'channelId');
  const ch = ctx.state.channels.get(id);
  if (!ch || !canRead(ch, me(ctx).accountId)) throw notFound(`channel '${id}' not found`);
  return ch;
}

export function createChannel(
  state: CloudState,
  ownerId: string,
  src: { title: string; avatar?: string; visible?: boolean; locked?: boolean; editorIds?: string[]; channelId?: string },
): Channel {
  if (src.channelId !== undefined && state.channels.has(src.channelId)) throw new Error(`channel ${src.channelId} already exists`);
  const ch: Channel = {
    channelId: src.channelId ?? randomUUID(),
    title: src.title,
    avatar: src.avatar,
    visible: src.visible ?? true,
    locked: src.locked ?? false,
    ownerId,
    editorIds: [...new Set((src.editorIds ?? []).filter((e) => e !== ownerId))],
    subscriberIds: [],
    messages: [],
  };
  state.channels.set(ch.channelId, ch);
  return ch;
}

export function sendChannel(ctx: Pick<CallContext, 'state' | 'core'>, senderId: string, ch: Channel, dataComponent: Record<string, any>) {
  const msg = ctx.state.addMessage({ featureType: 'channel', channelId: ch.channelId }, senderId, dataComponent);
  ctx.core.deliver(msg, senderId);
  return msg;
}

export const channelHandlers: HandlerTable = {
  'GET /communication/channel/my': (ctx) => {
    const acc = me(ctx).accountId;
    const flags = { Owner: flag(ctx.params.owner), Editor: flag(ctx.params.editor), Subscriber: flag(ctx.params.subscriber) };
    const anySet = Object.values(flags).some((f) => f !== undefined);
    return [...ctx.state.channels.values()]
      .filter((ch) => {
        const r = roleIn(ch, acc);
        if (!r) return false;
        return anySet ? flags[r] === true : true;
      })
      .map((ch) => channelView(ch, acc));
  },

  'GET /communication/channel': (ctx) => {
    const acc = me(ctx).accountId;
    const { ownerId, editorId, channelId, title } = ctx.params as Record<string, string | undefined>;
    if (!ownerId && !editorId && !channelId && !title) throw badRequest('at least one of ownerId, editorId, channelId, title must be set', 'ownerId');
    return [...ctx.state.channels.values()]
      .filter((ch) => canRead(ch, acc))
      .filter((ch) => (!ownerId || ch.ownerId === ownerId) && (!editorId || ch.editorIds.includes(editorId)) && (!channelId || ch.channelId === channelId) && (!title || ch.title === title))
      .map((ch) => channelView(ch, acc));
  },

  'POST /communication/channel/create': (ctx) => {
    const acc = me(ctx);
    const editorIds: string[] = Array.isArray(ctx.body.editorIds) ? ctx.body.editorIds : [];
    for (const id of editorIds) accountOrThrow(ctx, id, 'editor');
    const ch = createChannel(ctx.state, acc.accountId, { ...ctx.body, editorIds, channelId: undefined });
    const v = channelView(ch, acc.accountId);
    return { createdChannel: { ...v, channelId: ch.channelId, title: ch.title, editors: [...ch.editorIds] } } satisfies ChannelCreated;
  },

  'GET /communication/channel/message': (ctx) => {
    const acc = me(ctx).accountId;
    const id = arg(ctx, 'channelId');
    if (typeof id !== 'string' || !id) {
      // Without a channelId: look the message up across readable channels.
      const messageId = ctx.params.messageId;
      if (typeof messageId !== 'string' || !messageId) throw badRequest('channelId or messageId is required', 'channelId');
      const m = ctx.state.messages.get(messageId);
      if (!m || !canSeeIn(ctx.state)(m.container, acc)) throw notFound(`message '${messageId}' not found`);
      return { channelId: (m.container as { channelId: string }).channelId, messages: [messageView(m)] };
    }
    const ch = channelFor(ctx);
    return { channelId: ch.channelId, messages: listMessages(ch.messages, ctx.params.messageId, limitOf(ctx.params.limit)) };
  },

  'POST /communication/channel/message/send': (ctx) => {
    const ch = channelFor(ctx);
    const acc = me(ctx).accountId;
    if (!canPublish(ch, acc)) throw forbidden(`only the owner and editors can publish to channel '${ch.channelId}'`);
    const msg = sendChannel(ctx, acc, ch, ctx.body.dataComponent);
    return { channelId: ch.channelId, sentMessage: messageView(msg) };
  },

  'POST /communication/channel/message/update': (ctx) => updateMessage(ctx, 'channel', canSeeIn(ctx.state)),
  'POST /communication/channel/message/reaction/send': (ctx) => addReaction(ctx, 'channel', canSeeIn(ctx.state)),
  'POST /communication/channel/message/reaction/remove': (ctx) => removeReaction(ctx, 'channel', canSeeIn(ctx.state)),
  'POST /communication/channel/message/reply': (ctx) => reply(ctx, 'channel', canSeeIn(ctx.state)),

  'POST /communication/channel/subscribe': (ctx) => {
    const ch = channelFor(ctx);
    const acc = me(ctx).accountId;
    if (!roleIn(ch, acc)) ch.subscriberIds.push(acc);
    return { channelId: ch.channelId, subscribed: true } satisfies ChannelSubscription;
  },

  'POST /communication/channel/unsubscribe': (ctx) => {
    const ch = channelFor(ctx);
    const acc = me(ctx).accountId;
    ch.subscriberIds = ch.subscriberIds.filter((s) => s !== acc);
    return { channelId: ch.channelId, subscribed: false } satisfies ChannelSubscription;
  },
};

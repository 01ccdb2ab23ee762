// Group chats: created explicitly with a title and invited recipients; the
// owner and every recipient are members and receive each other's messages.
import { randomUUID } from 'crypto';
import { forbidden, notFound } from '../errors';
import type { CallContext, HandlerTable } from '../router';
import { CloudState, Container, GroupChat, messageView } from '../state';
import { accountOrThrow, limitOf, me, requiredString } from './common';
import { addReaction, listMessages, removeReaction, reply, updateMessage } from './messaging';
import type { GroupChat as ApiGroupChat, GroupChatCreated, GroupChatInvited } from '../types/api';

export const isMember = (g: GroupChat, accountId: string) => g.ownerId === accountId || g.recipientIds.includes(accountId);

function canSeeIn(state: CloudState) {
  return (c: Container, accountId: string) => {
    if (c.featureType !== 'groupchat') return false;
    const g = state.groupChats.get(c.groupChatId);
    return !!g && isMember(g, accountId);
  };
}

function groupFor(ctx: CallContext): GroupChat {
  const id = requiredString(ctx, 'groupChatId');
  const g = ctx.state.groupChats.get(id);
  if (!g) throw notFound(`group chat '${id}' not found`);
  if (!isMember(g, me(ctx).accountId)) throw forbidden(`not a member of group chat '${id}'`);
  return g;
}

const view = (g: GroupChat): ApiGroupChat => ({ groupChatId: g.groupChatId, title: g.title, ownerId: g.ownerId, recipientIds: [...g.recipientIds] });

export function sendGroup(ctx: Pick<CallContext, 'state' | 'core'>, senderId: string, g: GroupChat, dataComponent: Record<string, any>) {
  const msg = ctx.state.addMessage({ featureType: 'groupchat', groupChatId: g.groupChatId }, senderId, dataComponent);
  ctx.core.deliver(msg, senderId);
  return msg;
}

export function createGroup(state: CloudState, ownerId: string, title: string, recipientIds: string[]): GroupChat {
  const g: GroupChat = { groupChatId: randomUUID(), title, ownerId, recipientIds: [...new Set(recipientIds.filter((r) => r !== ownerId))], messages: [] };
  state.groupChats.set(g.groupChatId, g);
  return g;
}

export const groupchatHandlers: HandlerTable = {
  'GET /communication/groupchat': (ctx) => {
    const acc = me(ctx).accountId;
    const raw = ctx.params.recipientIds;
    const filter = (Array.isArray(raw) ? raw.join(',') : typeof raw === 'string' ? raw : '').split(',').map((s) => s.trim()).filter(Boolean);
    return [...ctx.state.groupChats.values()]
      .filter((g) => isMember(g, acc))
      .filter((g) => filter.every((id) => g.recipientIds.includes(id) || g.ownerId === id))
      .map(view);
  },

  'POST /communication/groupchat/create': (ctx) => {
    const acc = me(ctx);
    const ids: string[] = Array.isArray(ctx.body.recipientIds) ? ctx.body.recipientIds : [];
    for (const id of ids) accountOrThrow(ctx, id, 'recipient');
    const g = createGroup(ctx.state, acc.accountId, ctx.body.title, ids);
    return { createdGroupChat: view(g) } satisfies GroupChatCreated;
  },

  'GET /communication/groupchat/message': (ctx) => {
    const g = groupFor(ctx);
    return { groupChatId: g.groupChatId, messages: listMessages(g.messages, ctx.params.messageId, limitOf(ctx.params.limit)) };
  },

  'POST /communication/groupchat/invite': (ctx) => {
    const g = groupFor(ctx);
    const ids: string[] = Array.isArray(ctx.body.recipientIds) ? ctx.body.recipientIds : [];
    for (const id of ids) accountOrThrow(ctx, id, 'recipient');
    const added = ids.filter((id) => !isMember(g, id));
    g.recipientIds.push(...new Set(added));
    return { groupChatId: g.groupChatId, invitedRecipientsIds: [...new Set(added)] } satisfies GroupChatInvited;
  },

  'POST /communication/groupchat/message/send': (ctx) => {
    const g = groupFor(ctx);
    const msg = sendGroup(ctx, me(ctx).accountId, g, ctx.body.dataComponent);
    return { groupChatId: g.groupChatId, sentMessage: messageView(msg) };
  },

  'POST /communication/groupchat/message/update': (ctx) => updateMessage(ctx, 'groupchat', canSeeIn(ctx.state)),
  'POST /communication/groupchat/message/reaction/send': (ctx) => addReaction(ctx, 'groupchat', canSeeIn(ctx.state)),
  'POST /communication/groupchat/message/reaction/remove': (ctx) => removeReaction(ctx, 'groupchat', canSeeIn(ctx.state)),
  'POST /communication/groupchat/message/reply': (ctx) => reply(ctx, 'groupchat', canSeeIn(ctx.state)),

  'POST /communication/groupchat/signal/typing': (ctx) => {
    const g = groupFor(ctx);
    ctx.core.bus.emit('typing', { featureType: 'groupchat', senderId: me(ctx).accountId, groupChatId: g.groupChatId });
    return {};
  },
};

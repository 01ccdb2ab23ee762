// One-to-one chats. A chat is created implicitly by the first message to a
// recipient; the recipient must be an existing account.
import type { CallContext, HandlerTable } from '../router';
import { Container, messageView } from '../state';
import { accountOrThrow, limitOf, me, requiredString } from './common';
import { addReaction, listMessages, removeReaction, reply, updateMessage } from './messaging';

const canSee = (c: Container, accountId: string) => c.featureType === 'p2p' && c.members.includes(accountId);

/** Sends a data component from `senderId` to `recipientId` (used by handlers and the app side). */
export function sendP2P(ctx: Pick<CallContext, 'state' | 'core'>, senderId: string, recipientId: string, dataComponent: Record<string, any>) {
  const chat = ctx.state.p2pChat(senderId, recipientId, true)!;
  const msg = ctx.state.addMessage({ featureType: 'p2p', key: chat.key, members: chat.members }, senderId, dataComponent);
  ctx.core.deliver(msg, senderId);
  return msg;
}

export const p2pHandlers: HandlerTable = {
  'GET /communication/p2p': (ctx) => {
    const acc = me(ctx).accountId;
    return [...ctx.state.p2p.values()].filter((c) => c.members.includes(acc)).map((c) => ({ recipientId: c.members[0] === acc ? c.members[1] : c.members[0] }));
  },

  'GET /communication/p2p/message': (ctx) => {
    const acc = me(ctx).accountId;
    const recipientId = requiredString(ctx, 'recipientId');
    const chat = ctx.state.p2pChat(acc, recipientId, false);
    return { recipientId, messages: chat ? listMessages(chat.messages, ctx.params.messageId, limitOf(ctx.params.limit)) : [] };
  },

  'POST /communication/p2p/message/send': (ctx) => {
    const acc = me(ctx);
    const recipientId = requiredString(ctx, 'recipientId');
    accountOrThrow(ctx, recipientId, 'recipient');
    const msg = sendP2P(ctx, acc.accountId, recipientId, ctx.body.dataComponent);
    return { recipientId, sentMessage: messageView(msg) };
  },

  'POST /communication/p2p/message/update': (ctx) => updateMessage(ctx, 'p2p', canSee),
  'POST /communication/p2p/message/reaction/send': (ctx) => addReaction(ctx, 'p2p', canSee),
  'POST /communication/p2p/message/reaction/remove': (ctx) => removeReaction(ctx, 'p2p', canSee),
  'POST /communication/p2p/message/reply': (ctx) => reply(ctx, 'p2p', canSee),

  'POST /communication/p2p/signal/typing': (ctx) => {
    const acc = me(ctx);
    const recipientId = requiredString(ctx, 'recipientId');
    accountOrThrow(ctx, recipientId, 'recipient');
    ctx.core.bus.emit('typing', { featureType: 'p2p', senderId: acc.accountId, recipientId });
    return {};
  },
};

// Every handler family, merged into one table keyed by "METHOD /path".
import type { HandlerTable } from '../router';
import { accountHandlers } from './account';
import { apikeyHandlers } from './apikey';
import { bucketHandlers } from './bucket';
import { channelHandlers } from './channel';
import { groupchatHandlers } from './groupchat';
import { p2pHandlers } from './p2p';
import { provisioningHandlers } from './provisioning';
import { serviceHandlers } from './service';

export const allHandlers: HandlerTable = {
  ...apikeyHandlers,
  ...accountHandlers,
  ...p2pHandlers,
  ...groupchatHandlers,
  ...channelHandlers,
  ...bucketHandlers,
  ...serviceHandlers,
  ...provisioningHandlers,
};

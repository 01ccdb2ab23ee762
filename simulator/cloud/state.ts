// The cloud's in-memory world: accounts and sub-accounts, API keys, contacts,
// channels, group chats, p2p chats, messages (with reactions and replies),
// buckets, profiles, feeds, files, tunnels, LLMs and provisioning state per
// device id. Plain data plus small helpers; the handlers hold the behaviour.
import { randomBytes, randomUUID } from 'crypto';

export type Role = 'Owner' | 'Admin' | 'Editor' | 'Viewer';

export interface Account {
  accountId: string;
  semilimesId: string;
  accountName: string;
  ownerAccountId: string;
  parentAccountId?: string;
  accessRole?: Role;
  lastSeen: number;
  updatedAt: number;
  createdAt: number;
  viewCount: number;
  likeCount: number;
  commentCount: number;
  /** True for accounts played by the app side (people), false for API users/devices. */
  isPerson: boolean;
}

export interface ApiKey {
  id: number;
  key: string;
  accountId: string;
  name: string;
  createdAt: string;
  expireAt: string;
  isActive: boolean;
  revokedAt: string | null;
  previousApiKeyId: number | null;
}

export interface Message {
  messageId: string;
  publisherId: string;
  publishedOn: number;
  updatedOn: number;
  dataComponent: Record<string, any>;
  messageReactions: Record<string, string[]>;
  replyToMessageId?: string;
  container: Container;
}

export type Container =
  | { featureType: 'p2p'; key: string; members: [string, string] }
  | { featureType: 'groupchat'; groupChatId: string }
  | { featureType: 'channel'; channelId: string };

export interface Channel {
  channelId: string;
  title: string;
  avatar?: string;
  visible: boolean;
  locked: boolean;
  ownerId: string;
  editorIds: string[];
  subscriberIds: string[];
  messages: Message[];
}

export interface GroupChat {
  groupChatId: string;
  title: string;
  ownerId: string;
  recipientIds: string[];
  messages: Message[];
}

export interface P2PChat {
  key: string;
  members: [string, string];
  messages: Message[];
}

export interface Bucket {
  bucketId: string;
  dataComponentType: 'bucket';
  title?: string;
  description?: string;
  ownerId: string;
  avatar?: string;
  visible: boolean;
  locked: boolean;
  enableReactions: boolean;
  dataComponents: unknown[];
  likes: Set<string>;
  viewCount: number;
}

export interface Profile {
  profileId: string;
  featureType: 'profile';
  title: string;
  description: string;
  avatar?: string;
  visible: boolean;
  locked: boolean;
  enableReactions: boolean;
  pinWall: unknown[];
  subBuckets: unknown[];
}

export interface FeedPost {
  bucketId: string;
  publishedOn: number;
  editedOn: number;
}

export interface Feed {
  feedId: string;
  accountId: string;
  title: string;
  avatar?: string;
  posts: FeedPost[];
}

export interface StoredFile {
  fileId: string;
  title: string;
  size: number;
  contentType: string;
  data: Buffer;
  ownerId: string;
}

export interface Tunnel {
  tunnelId: string;
  ownerId: string;
  name: string;
  description?: string;
  clientPort: number;
  clientPath?: string;
  publicKey: string;
  open: boolean;
  host?: string;
  username?: string;
  port?: number;
  tunnelUrl?: string;
}

export interface Device {
  deviceId: string;
  provisioningKey: string;
  /** What the device shows as its claim QR code; the app scans it to claim. */
  claimKey: string;
  status: 'pending' | 'claimed';
  registeredAt: number;
  claimedBy?: string;
  accountId?: string;
  authToken?: string;
}

export interface Contact {
  accountId: string;
  contactStatus: 'CONFIRMED' | 'INVITED' | 'WAITING';
}

export const nowSec = () => Math.floor(Date.now() / 1000);

export class CloudState {
  readonly accounts = new Map<string, Account>();
  readonly apiKeys = new Map<number, ApiKey>();
  readonly keysBySecret = new Map<string, ApiKey>();
  readonly contacts = new Map<string, Map<string, Contact>>();
  readonly channels = new Map<string, Channel>();
  readonly groupChats = new Map<string, GroupChat>();
  readonly p2p = new Map<string, P2PChat>();
  readonly messages = new Map<string, Message>();
  readonly buckets = new Map<string, Bucket>();
  readonly profiles = new Map<string, Profile>();
  readonly feeds = new Map<string, Feed>();
  readonly files = new Map<string, StoredFile>();
  readonly tunnels = new Map<string, Tunnel>();
  readonly llms = new Map<string, { id: string; autoResponse: boolean }[]>();
  readonly devices = new Map<string, Device>();
  private nextKeyId = 400;
  private semCounter = 0;

  createAccount(name: string, opts: { parent?: Account; isPerson?: boolean; accountId?: string } = {}): Account {
    const t = nowSec();
    const accountId = opts.accountId ?? randomUUID();
    const ownerAccountId = opts.parent ? opts.parent.ownerAccountId : accountId;
    const acc: Account = {
      accountId,
      semilimesId: this.semilimesId(),
      accountName: name,
      ownerAccountId,
      parentAccountId: opts.parent?.accountId,
      accessRole: opts.parent ? 'Owner' : undefined,
      lastSeen: t,
      updatedAt: t,
      createdAt: t,
      viewCount: 0,
      likeCount: 0,
      commentCount: 0,
      isPerson: opts.isPerson ?? false,
    };
    this.accounts.set(accountId, acc);
    this.profiles.set(accountId, {
      profileId: randomUUID(),
      featureType: 'profile',
      title: name,
      description: '',
      visible: true,
      locked: false,
      enableReactions: true,
      pinWall: [],
      subBuckets: [],
    });
    this.feeds.set(accountId, { feedId: randomUUID(), accountId, title: name, posts: [] });
    this.llms.set(accountId, [{ id: randomUUID(), autoResponse: false }]);
    return acc;
  }

  private semilimesId(): string {
    const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
    const n = ++this.semCounter;
    return `${letters[n % 24]}${letters[(n >> 3) % 24]}${String(100 + (n % 900)).padStart(3, '0')}${letters[(n * 7) % 24]}${letters[(n * 13) % 24]}`;
  }

  /** Issues an API key for an account. `key` may be given (seeded keys); default expiry one year. */
  issueKey(accountId: string, opts: { key?: string; name?: string; expireAt?: string; previousApiKeyId?: number | null } = {}): ApiKey {
    const id = this.nextKeyId++;
    const k: ApiKey = {
      id,
      key: opts.key ?? 'slk_' + randomBytes(18).toString('hex'),
      accountId,
      name: opts.name ?? `key ${id}`,
      createdAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      expireAt: opts.expireAt ?? new Date(Date.now() + 365 * 86400_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      isActive: true,
      revokedAt: null,
      previousApiKeyId: opts.previousApiKeyId ?? null,
    };
    this.apiKeys.set(id, k);
    this.keysBySecret.set(k.key, k);
    return k;
  }

  /** The key record if it is active and not expired. */
  usableKey(secret: string): ApiKey | undefined {
    const k = this.keysBySecret.get(secret);
    if (!k || !k.isActive || k.revokedAt) return undefined;
    if (Date.parse(k.expireAt) <= Date.now()) return undefined;
    return k;
  }

  addContact(a: string, b: string, status: Contact['contactStatus'] = 'CONFIRMED'): void {
    const mirror: Record<Contact['contactStatus'], Contact['contactStatus']> = { CONFIRMED: 'CONFIRMED', INVITED: 'WAITING', WAITING: 'INVITED' };
    if (!this.contacts.has(a)) this.contacts.set(a, new Map());
    if (!this.contacts.has(b)) this.contacts.set(b, new Map());
    this.contacts.get(a)!.set(b, { accountId: b, contactStatus: status });
    this.contacts.get(b)!.set(a, { accountId: a, contactStatus: mirror[status] });
  }

  p2pKey(a: string, b: string): string {
    return [a, b].sort().join('|');
  }

  p2pChat(a: string, b: string, create: boolean): P2PChat | undefined {
    const key = this.p2pKey(a, b);
    let c = this.p2p.get(key);
    if (!c && create) {
      c = { key, members: [a, b].sort() as [string, string], messages: [] };
      this.p2p.set(key, c);
    }
    return c;
  }

  /** Stores a new message in a container and indexes it by id. */
  addMessage(container: Container, publisherId: string, dataComponent: Record<string, any>, replyTo?: string): Message {
    const t = nowSec();
    const msg: Message = {
      messageId: randomUUID(),
      publisherId,
      publishedOn: t,
      updatedOn: t,
      dataComponent,
      messageReactions: {},
      replyToMessageId: replyTo,
      container,
    };
    this.messages.set(msg.messageId, msg);
    this.messageList(container)?.push(msg);
    return msg;
  }

  messageList(c: Container): Message[] | undefined {
    if (c.featureType === 'p2p') return this.p2p.get(c.key)?.messages;
    if (c.featureType === 'groupchat') return this.groupChats.get(c.groupChatId)?.messages;
    return this.channels.get(c.channelId)?.messages;
  }

  /** Account ids that should receive a message in a container (sender excluded). */
  audience(c: Container, senderId: string): string[] {
    let ids: string[] = [];
    if (c.featureType === 'p2p') ids = [...c.members];
    else if (c.featureType === 'groupchat') {
      const g = this.groupChats.get(c.groupChatId);
      if (g) ids = [g.ownerId, ...g.recipientIds];
    } else {
      const ch = this.channels.get(c.channelId);
      if (ch) ids = [ch.ownerId, ...ch.editorIds, ...ch.subscriberIds];
    }
    return [...new Set(ids)].filter((id) => id !== senderId);
  }
}

/** The public view of a message, as the docs show it. */
export function messageView(m: Message): Record<string, unknown> {
  return {
    messageId: m.messageId,
    publisherId: m.publisherId,
    publishedOn: m.publishedOn,
    updatedOn: m.updatedOn,
    dataComponent: m.dataComponent,
    messageReactions: m.messageReactions,
  };
}

export function accountView(a: Account, details = false): Record<string, unknown> {
  const v: Record<string, unknown> = {
    accountId: a.accountId,
    semilimesId: a.semilimesId,
    accountName: a.accountName,
    ownerAccountId: a.ownerAccountId,
    lastSeen: a.lastSeen,
    updatedAt: a.updatedAt,
    createdAt: a.createdAt,
  };
  if (a.parentAccountId) {
    v.parentAccountId = a.parentAccountId;
    v.accessRole = a.accessRole;
  }
  if (details) {
    v.viewCount = a.viewCount;
    v.likeCount = a.likeCount;
    v.commentCount = a.commentCount;
    v.onlineStatus = 'Online';
  }
  return v;
}

export function bucketView(b: Bucket, viewerId: string): Record<string, unknown> {
  return {
    bucketId: b.bucketId,
    dataComponentType: 'bucket',
    title: b.title,
    description: b.description,
    role: b.ownerId === viewerId ? 'Owner' : 'Viewer',
    ownerId: b.ownerId,
    avatar: b.avatar,
    visible: b.visible,
    locked: b.locked,
    enableReactions: b.enableReactions,
    dataComponents: b.dataComponents,
    likeCount: b.likes.size,
    viewCount: b.viewCount,
  };
}

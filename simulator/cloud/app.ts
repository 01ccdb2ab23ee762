// The phone-app side, for tests and the demo: people who send messages,
// submit forms (a `formsubmission` data component replying to a form
// message, routed to the form's receiver), claim devices by their QR
// content, and see what devices sent.
//
// Usage:
//   const alice = cloud.app.person('alice');
//   const device = cloud.app.claimDevice(qrText);          // by the QR content
//   const form = await alice.waitForMessage((m) => m.dataComponent.dataComponentType === 'form');
//   alice.submitForm(form.messageId, { temperature: '21' });
import { ApiError, badRequest, notFound } from './errors';
import { claimDevice } from './handlers/provisioning';
import { sendP2P } from './handlers/p2p';
import { createGroup, sendGroup } from './handlers/groupchat';
import { createChannel, roleIn, sendChannel } from './handlers/channel';
import type { CloudCore, MessageEvent } from './router';
import { Account, Device, Message } from './state';

export interface ReceivedMessage {
  messageId: string;
  featureType: 'p2p' | 'groupchat' | 'channel';
  senderId: string;
  groupChatId?: string;
  channelId?: string;
  receivedOn: number;
  dataComponent: Record<string, any>;
}

function received(m: Message): ReceivedMessage {
  const r: ReceivedMessage = {
    messageId: m.messageId,
    featureType: m.container.featureType,
    senderId: m.publisherId,
    receivedOn: m.publishedOn,
    dataComponent: m.dataComponent,
  };
  if (m.container.featureType === 'groupchat') r.groupChatId = m.container.groupChatId;
  if (m.container.featureType === 'channel') r.channelId = m.container.channelId;
  return r;
}

type Waiter = { pred: (m: ReceivedMessage) => boolean; resolve: (m: ReceivedMessage) => void };

export class Person {
  readonly inbox: ReceivedMessage[] = [];
  private waiters: Waiter[] = [];

  /** What the shared send functions need: the state and the core (for fan-out). */
  private readonly ctx: { state: CloudCore['state']; core: CloudCore };

  constructor(
    private readonly core: CloudCore,
    readonly account: Account,
    /** An API key for this person, to call the REST/WebSocket API as them. */
    readonly apiKey: string,
  ) {
    this.ctx = { state: core.state, core };
  }

  get accountId(): string {
    return this.account.accountId;
  }

  /** Called by the App for every message addressed to this person. */
  receive(m: ReceivedMessage): void {
    this.inbox.push(m);
    this.waiters = this.waiters.filter((w) => {
      if (!w.pred(m)) return true;
      w.resolve(m);
      return false;
    });
  }

  /** Resolves with the first message (already received or future) matching `pred`. */
  waitForMessage(pred: (m: ReceivedMessage) => boolean = () => true, timeoutMs = 10000): Promise<ReceivedMessage> {
    const hit = this.inbox.find(pred);
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve, reject) => {
      const w: Waiter = { pred, resolve: (m) => (clearTimeout(timer), resolve(m)) };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((x) => x !== w);
        reject(new Error(`${this.account.accountName}: no matching message within ${timeoutMs} ms (inbox has ${this.inbox.length})`));
      }, timeoutMs);
      this.waiters.push(w);
    });
  }

  private checkComponent(dc: Record<string, any>): void {
    this.core.validator.validateWithSchemaId('data-component.schema.json', dc, 'dataComponent');
    this.core.validator.validateBodySemantics(dc, 'dataComponent');
  }

  sendP2P(recipientId: string, dataComponent: Record<string, any>): Message {
    if (!this.core.state.accounts.has(recipientId)) throw notFound(`recipient '${recipientId}' not found`);
    this.checkComponent(dataComponent);
    return sendP2P(this.ctx, this.accountId, recipientId, dataComponent);
  }

  sendToGroup(groupChatId: string, dataComponent: Record<string, any>): Message {
    const g = this.core.state.groupChats.get(groupChatId);
    if (!g) throw notFound(`group chat '${groupChatId}' not found`);
    this.checkComponent(dataComponent);
    return sendGroup(this.ctx, this.accountId, g, dataComponent);
  }

  sendToChannel(channelId: string, dataComponent: Record<string, any>): Message {
    const ch = this.core.state.channels.get(channelId);
    if (!ch) throw notFound(`channel '${channelId}' not found`);
    this.checkComponent(dataComponent);
    return sendChannel(this.ctx, this.accountId, ch, dataComponent);
  }

  createGroupChat(title: string, recipientIds: string[]) {
    return createGroup(this.core.state, this.accountId, title, recipientIds);
  }

  /** A channel this person owns; `channelId` picks its id (a fixed id a sketch is built with), a fresh UUID otherwise. */
  createChannel(title: string, editorIds: string[] = [], channelId?: string) {
    return createChannel(this.core.state, this.accountId, { title, editorIds, channelId });
  }

  subscribe(channelId: string): void {
    const ch = this.core.state.channels.get(channelId);
    if (!ch) throw notFound(`channel '${channelId}' not found`);
    if (!roleIn(ch, this.accountId)) ch.subscriberIds.push(this.accountId);
  }

  /**
   * Submits a form message: copies its form components with `value` set from
   * `values` (by refName; components not named keep their current value) and
   * sends a `formsubmission` to the form's receiver (contact -> p2p, groupchat,
   * channel; no receiver -> back to the form's publisher by p2p).
   */
  submitForm(formMessageId: string, values: Record<string, unknown>): Message {
    const form = this.core.state.messages.get(formMessageId);
    if (!form) throw notFound(`form message '${formMessageId}' not found`);
    const dc = form.dataComponent;
    if (dc.dataComponentType !== 'form') throw badRequest(`message '${formMessageId}' is a ${dc.dataComponentType}, not a form`);
    const fill = (list: unknown): unknown[] =>
      (Array.isArray(list) ? list : []).map((c: any) => {
        const out = { ...c };
        if (typeof c.refName === 'string' && Object.prototype.hasOwnProperty.call(values, c.refName)) out.value = values[c.refName];
        if (Array.isArray(c.formComponents)) out.formComponents = fill(c.formComponents);
        return out;
      });
    const submission: Record<string, any> = {
      dataComponentType: 'formsubmission',
      replyTo: { messageId: form.messageId, refName: dc.refName ?? '' },
      submitterId: this.accountId,
      formComponents: fill(dc.formComponents),
    };
    this.checkComponent(submission);
    const receiver = dc.receiver as { id?: string; featureType?: string } | undefined;
    const st = this.core.state;
    if (receiver?.featureType === 'groupchat' && receiver.id) {
      const g = st.groupChats.get(receiver.id);
      if (!g) throw notFound(`form receiver group chat '${receiver.id}' not found`);
      return sendGroup(this.ctx, this.accountId, g, submission);
    }
    if (receiver?.featureType === 'channel' && receiver.id) {
      const ch = st.channels.get(receiver.id);
      if (!ch) throw notFound(`form receiver channel '${receiver.id}' not found`);
      // Submissions reach a channel's owner and editors even from subscribers.
      return sendChannel(this.ctx, this.accountId, ch, submission);
    }
    const to = receiver?.featureType === 'contact' && receiver.id && receiver.id !== this.accountId ? receiver.id : form.publisherId;
    if (!st.accounts.has(to)) throw notFound(`form receiver '${to}' not found`);
    return sendP2P(this.ctx, this.accountId, to, submission);
  }
}

export class App {
  private readonly people = new Map<string, Person>();

  constructor(private readonly core: CloudCore) {
    core.bus.on('message', (ev: MessageEvent) => {
      for (const id of ev.recipients) {
        for (const p of this.people.values()) if (p.accountId === id) p.receive(received(ev.message));
      }
    });
  }

  /**
   * The person with this name, created (and made a contact of every API
   * account) on first use; `opts.accountId` fixes the new person's account id
   * (a sketch built with that id can address the person).
   */
  person(name = 'alice', opts: { accountId?: string } = {}): Person {
    let p = this.people.get(name);
    if (p && opts.accountId && p.accountId !== opts.accountId) throw new Error(`person ${name} already exists as ${p.accountId}`);
    if (!p) {
      const acc = this.core.state.createAccount(name, { isPerson: true, accountId: opts.accountId });
      for (const a of this.core.state.accounts.values()) {
        if (!a.isPerson && !a.parentAccountId) this.core.state.addContact(acc.accountId, a.accountId);
      }
      const key = this.core.state.issueKey(acc.accountId, { key: `app-${name}-${acc.accountId.slice(0, 8)}`, name: `app key of ${name}` });
      p = new Person(this.core, acc, key.key);
      this.people.set(name, p);
    }
    return p;
  }

  /**
   * Plays the person without a script, for `npm run cloud` and demos: claims
   * every device that registers (after `claimAfterMs`), answers every form the
   * person receives with `formValues` (by refName; a function may pick values
   * per form), and logs what the person receives. Returns a stop function.
   */
  autopilot(opts: {
    person?: Person;
    claimAfterMs?: number;
    formValues?: Record<string, unknown> | ((form: ReceivedMessage) => Record<string, unknown> | undefined);
    log?: (line: string) => void;
  } = {}): () => void {
    const person = opts.person ?? this.person();
    const log = opts.log ?? (() => undefined);
    const timers = new Set<NodeJS.Timeout>();
    const onRegistered = (d: Device) => {
      if (opts.claimAfterMs === undefined) return;
      const t = setTimeout(() => {
        timers.delete(t);
        try {
          this.claimDevice({ deviceId: d.deviceId }, person);
          log(`${person.account.accountName} claimed device ${d.deviceId}`);
        } catch (e) {
          log(`claim of ${d.deviceId} failed: ${(e as Error).message}`);
        }
      }, opts.claimAfterMs);
      timers.add(t);
    };
    const onMessage = (ev: MessageEvent) => {
      if (!ev.recipients.includes(person.accountId)) return;
      const m = received(ev.message);
      const dc = m.dataComponent;
      log(`${person.account.accountName} <- ${this.core.state.accounts.get(m.senderId)?.accountName ?? m.senderId} (${m.featureType}): ${summarize(dc)}`);
      if (dc.dataComponentType !== 'form' || opts.formValues === undefined) return;
      const values = typeof opts.formValues === 'function' ? opts.formValues(m) : opts.formValues;
      if (!values) return;
      // Submit after the current fan-out finishes, like a person tapping later.
      const t = setTimeout(() => {
        timers.delete(t);
        try {
          person.submitForm(m.messageId, values);
          log(`${person.account.accountName} submitted form ${dc.refName ?? m.messageId}`);
        } catch (e) {
          log(`form submission failed: ${(e as Error).message}`);
        }
      }, 0);
      timers.add(t);
    };
    this.core.bus.on('registered', onRegistered);
    this.core.bus.on('message', onMessage);
    return () => {
      this.core.bus.off('registered', onRegistered);
      this.core.bus.off('message', onMessage);
      for (const t of timers) clearTimeout(t);
    };
  }

  /** Devices registered so far (pending and claimed). */
  devices(): Device[] {
    return [...this.core.state.devices.values()];
  }

  /**
   * Claims a registered device from the text of its claim QR code: the claim
   * key registerDevice returned, or any text containing it (a URL, JSON); also
   * JSON {deviceId}, a URL with a deviceId/id/d parameter, or the device id.
   * `by` is the claiming person (default alice) or any account (e.g. a seeded
   * API account). Returns the claimed device (with its authToken).
   */
  claimDevice(qrContent: string | { deviceId: string }, by: Person | Account = this.person()): Device {
    const deviceId = typeof qrContent === 'string' ? this.deviceIdFromQr(qrContent) : qrContent.deviceId;
    return claimDevice(this.core, deviceId, by instanceof Person ? by.account : by);
  }

  /** Waits until a device registers (optionally a given id); resolves with it. */
  waitForRegistration(deviceId?: string, timeoutMs = 10000): Promise<Device> {
    const match = (d: Device) => deviceId === undefined || d.deviceId === deviceId;
    const found = this.devices().find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const on = (d: Device) => {
        if (!match(d)) return;
        clearTimeout(timer);
        this.core.bus.off('registered', on);
        resolve(d);
      };
      const timer = setTimeout(() => {
        this.core.bus.off('registered', on);
        reject(new Error(`no device registered within ${timeoutMs} ms`));
      }, timeoutMs);
      this.core.bus.on('registered', on);
    });
  }

  /** Every message a device (by device id, once claimed) has published, oldest first. */
  sentBy(deviceId: string): Message[] {
    const d = this.core.state.devices.get(deviceId);
    if (!d?.accountId) return [];
    return [...this.core.state.messages.values()].filter((m) => m.publisherId === d.accountId);
  }

  private deviceIdFromQr(text: string): string {
    const st = this.core.state;
    const known = (id: unknown): id is string => typeof id === 'string' && st.devices.has(id);
    for (const d of st.devices.values()) if (text.trim() === d.claimKey) return d.deviceId;
    try {
      const j = JSON.parse(text);
      for (const k of ['deviceId', 'id', 'd']) if (known(j?.[k])) return j[k];
    } catch {
      /* not JSON */
    }
    try {
      const u = new URL(text);
      for (const k of ['deviceId', 'id', 'd']) if (known(u.searchParams.get(k))) return u.searchParams.get(k)!;
    } catch {
      /* not a URL */
    }
    if (known(text.trim())) return text.trim();
    // Longest device id or provisioning key contained in the text wins.
    let best: { id: string; len: number } | undefined;
    for (const d of st.devices.values()) {
      for (const needle of [d.claimKey, d.deviceId]) {
        if (needle && text.includes(needle) && (!best || needle.length > best.len)) best = { id: d.deviceId, len: needle.length };
      }
    }
    if (best) return best.id;
    throw new ApiError(404, `QR content does not name a registered device: ${JSON.stringify(text.slice(0, 80))}`);
  }
}

/** One line describing a data component, for logs. */
export function summarize(dc: Record<string, any>): string {
  switch (dc.dataComponentType) {
    case 'text':
      return `text ${JSON.stringify(dc.text)}`;
    case 'gauge':
      return `gauge ${dc.title ?? ''} value=${dc.value}${dc.displayValue ? ` (${dc.displayValue})` : ''}`;
    case 'form':
      return `form ${dc.refName ?? ''} [${(dc.formComponents ?? []).map((c: any) => `${c.formComponentType}:${c.refName}`).join(', ')}]`;
    case 'formsubmission':
      return `formsubmission ${dc.replyTo?.refName ?? ''} {${(dc.formComponents ?? []).filter((c: any) => 'value' in c).map((c: any) => `${c.refName}=${JSON.stringify(c.value)}`).join(', ')}}`;
    default:
      return String(dc.dataComponentType);
  }
}

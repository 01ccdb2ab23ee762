// The app side: form submissions routed by the form's receiver, the
// autopilot (claims registering devices, answers forms), log summaries.
import { summarize } from '../../simulator/cloud/app';
import { Cloud, startCloud } from '../../simulator/cloud/server';
import { WsClient, api, gauge, sleep } from './helpers';

let cloud: Cloud;
beforeAll(async () => {
  cloud = await startCloud({ port: 0, responseCheck: 'strict', apiKeys: ['test-key'] });
});
afterAll(() => cloud.close());

const form = (receiver?: { id: string; featureType: string }) => ({
  dataComponentType: 'form',
  refName: 'mode',
  ...(receiver ? { receiver } : {}),
  formComponents: [{ refName: 'name', formComponentType: 'textbox', title: 'Name' }],
});

describe('form submission routing', () => {
  test('no receiver: the submission goes back to the publisher by p2p', async () => {
    const alice = cloud.app.person('alice');
    const sent = await api(cloud, 'POST', '/communication/p2p/message/send', { recipientId: alice.accountId, dataComponent: form() });
    const sub = alice.submitForm(sent.json.data.sentMessage.messageId, { name: 'A' });
    expect(sub.container).toMatchObject({ featureType: 'p2p' });
    const msgs = await api(cloud, 'GET', `/communication/p2p/message?recipientId=${alice.accountId}&messageId=${sub.messageId}`);
    expect(msgs.json.data.messages[0].dataComponent).toMatchObject({ dataComponentType: 'formsubmission', formComponents: [{ refName: 'name', value: 'A' }] });
  });

  test('group chat receiver: the submission is posted in that group', async () => {
    const alice = cloud.app.person('alice');
    const g = await api(cloud, 'POST', '/communication/groupchat/create', { title: 'ops', recipientIds: [alice.accountId] });
    const groupChatId = g.json.data.createdGroupChat.groupChatId;
    const sent = await api(cloud, 'POST', '/communication/groupchat/message/send', { groupChatId, dataComponent: form({ id: groupChatId, featureType: 'groupchat' }) });
    const sub = alice.submitForm(sent.json.data.sentMessage.messageId, { name: 'B' });
    expect(sub.container).toEqual({ featureType: 'groupchat', groupChatId });
  });

  test('channel receiver: a subscriber\'s submission reaches the channel owner', async () => {
    const alice = cloud.app.person('alice');
    const c = await api(cloud, 'POST', '/communication/channel/create', { title: 'forms' });
    const channelId = c.json.data.createdChannel.channelId;
    alice.subscribe(channelId);
    const owner = await WsClient.connect(cloud);
    try {
      const sent = await api(cloud, 'POST', '/communication/channel/message/send', { channelId, dataComponent: form({ id: channelId, featureType: 'channel' }) });
      const sub = alice.submitForm(sent.json.data.sentMessage.messageId, { name: 'C' });
      const ev = await owner.waitFor((e) => e.eventBody?.messageId === sub.messageId);
      expect(ev).toMatchObject({ featureType: 'channel', eventBody: { channelId, senderId: alice.accountId } });
    } finally {
      owner.close();
    }
  });

  test('submitting a message that is not a form -> error', async () => {
    const alice = cloud.app.person('alice');
    const sent = await api(cloud, 'POST', '/communication/p2p/message/send', { recipientId: alice.accountId, dataComponent: gauge(5) });
    expect(() => alice.submitForm(sent.json.data.sentMessage.messageId, {})).toThrow(/not a form/);
  });
});

describe('autopilot', () => {
  test('claims a registering device, answers its form, logs what arrives', async () => {
    const lines: string[] = [];
    const alice = cloud.app.person('alice');
    const stop = cloud.app.autopilot({ person: alice, claimAfterMs: 50, formValues: { name: 'auto' }, log: (l) => lines.push(l) });
    try {
      const creds = { deviceId: 'auto-1', provisioningKey: 'pk' };
      await api(cloud, 'POST', '/registerDevice', creds, null);
      let token: string | undefined;
      for (let i = 0; i < 50 && !token; i++) {
        await sleep(20);
        token = (await api(cloud, 'POST', '/deviceClaimStatus', creds, null)).json.data.authToken;
      }
      expect(token).toBeDefined();
      const dev = await WsClient.connect(cloud, token!);
      try {
        await dev.request('/communication/p2p/message/send', {}, { recipientId: alice.accountId, dataComponent: form() });
        const ev = await dev.waitFor((e) => e.eventBody?.dataComponent?.dataComponentType === 'formsubmission');
        expect(ev.eventBody.dataComponent.formComponents).toEqual([expect.objectContaining({ refName: 'name', value: 'auto' })]);
      } finally {
        dev.close();
      }
      expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/claimed device auto-1/), expect.stringMatching(/form mode \[textbox:name\]/), expect.stringMatching(/submitted form mode/)]));
    } finally {
      stop();
    }
  });
});

test.each([
  [{ dataComponentType: 'text', text: 'hi' }, 'text "hi"'],
  [gauge(42), 'gauge Temperature value=42 (42 C)'],
  [{ dataComponentType: 'formsubmission', replyTo: { refName: 'm' }, formComponents: [{ refName: 'a', value: 1 }, { refName: 'l' }] }, 'formsubmission m {a=1}'],
  [{ dataComponentType: 'location' }, 'location'],
])('summarize %j', (dc, want) => {
  expect(summarize(dc)).toBe(want);
});

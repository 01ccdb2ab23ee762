// firmware/examples/GroupChatBot on simulated boards: alice writes in a
// group chat the device is a member of; the bot signals typing, reacts with
// a thumbs up and replies ("pong" to "ping"), naming the message by the id
// the client received with it (no lookup). Checked in the cloud: the typing signal on the bus,
// the reaction and the replies recorded on alice's messages.
import { figures, runExample, ExampleRunResult } from './exampleRun';

const THUMBS_UP = '\u{1F44D}';

describe.each(['mega', 'cortex-m3'])('%s: GroupChatBot', (board) => {
  let r: ExampleRunResult;
  let groupChatId = '';
  const typing: { senderId: string; groupChatId: string }[] = [];
  const asked: string[] = [];
  beforeAll(async () => {
    r = await runExample({
      board,
      example: 'GroupChatBot',
      tag: 'bot-test',
      setup: (w) => {
        groupChatId = w.alice.createGroupChat('Plant room', [w.device.accountId]).groupChatId;
        w.cloud.core.bus.on('typing', (t: any) => typing.push({ senderId: t.senderId, groupChatId: t.groupChatId }));
      },
      app: async (w) => {
        await w.waitForConsole(/connected\r\n/, 150000);
        for (const text of ['ping', 'hello bot']) {
          const m = w.alice.sendToGroup(groupChatId, { dataComponentType: 'text', text });
          asked.push(m.messageId);
          await w.alice.waitForMessage((x) => x.senderId === w.device.accountId && w.cloud.state.messages.get(x.messageId)?.replyToMessageId === m.messageId, 150000);
        }
        await w.waitForConsole(new RegExp(`answered ${asked[1]}\\r\\n`), 30000);
      },
    });
    console.log(`${figures(r.report)}\n${r.report.serial}`);
  }, 400000);

  test('each of alice\'s messages gets a thumbs up and a reply from the device', () => {
    expect(r.appError).toBeUndefined();
    const st = r.cloud.state;
    const [ping, hello] = asked.map((id) => st.messages.get(id)!);
    for (const m of [ping, hello]) expect(m.messageReactions).toEqual({ [THUMBS_UP]: [r.device.accountId] });
    const replies = st.groupChats.get(groupChatId)!.messages.filter((m) => m.publisherId === r.device.accountId);
    expect(replies.map((m) => [m.replyToMessageId, m.dataComponent])).toEqual([
      [ping.messageId, { dataComponentType: 'text', text: 'pong' }],
      [hello.messageId, { dataComponentType: 'text', text: 'Hi! Say ping and I answer pong.' }],
    ]);
  });

  test('the device signalled typing in the group, once per message', () => {
    expect(typing).toEqual([
      { senderId: r.device.accountId, groupChatId },
      { senderId: r.device.accountId, groupChatId },
    ]);
  });

  test('zero validation errors, no heap', () => {
    const ops = r.report.cloud.requestsPerOperation;
    expect(r.report.cloud.validationErrors).toBe(0);
    expect([ops.signalGroupChatTyping, ops.sendGroupChatReaction, ops.replyGroupChatMessage]).toEqual([2, 2, 2]);
    expect(ops.getGroupChatMessages ?? 0).toBe(0);  // the id came with the message: no lookup
    expect(r.report.heapBytes).toBe(0);
    expect(r.report.heapSymbols).toEqual([]);
    expect(r.report.stopReason).toBe('until');
    expect(r.report.peakRamBytes).toBeLessThanOrEqual(r.report.budget.peakRamBytes);
  });
});

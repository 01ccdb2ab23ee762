// Issue 5, streaming: "a 32 KB inbound message (for example a p2p history
// reply) goes through the Uno with the same peak RAM as a 0.7 KB one".
//
// The StreamHistory sketch (test/simulator/sketches/StreamHistory) runs on
// the simulated Uno (avr8js) twice, one build, against a mock cloud whose
// p2p chat alice -> the sketch's account was seeded through the cloud's app
// side: once with ~0.7 KB of history, once with >= 32 KB (many messages,
// long texts full of escapes and non-ASCII, some non-text components). The
// reply streams from the ESP-AT modem emulator over the Uno's UART through
// sl::HttpResponseParser, sl::JsonParser and the generated
// GetP2pMessagesResponseDecoder; the sketch prints counts and hashes of what
// it decoded, which must equal what the cloud's state says. Harness:
// bench/streaming/harness.ts (also `npm run bench:streaming`).
import { buildHistorySketch, HistoryRun, HistoryRunOptions, largeHistory, runHistory as runOn, smallHistory } from '../../bench/streaming/harness';
import type { SketchBuild } from '../../simulator/sketch/build';

let small: HistoryRun;
let large: HistoryRun;
let chunked: HistoryRun;
let activeSmall: HistoryRun;
let activeLarge: HistoryRun;
let huge: HistoryRun;
let cut: HistoryRun;
const seedLarge = largeHistory();

/** One line of figures; cycles of the history step from the sketch's own micros() (16 cycles each). */
function figures(name: string, r: HistoryRun): string {
  const s = r.summary;
  const stepCycles = s ? s.micros * 16 : NaN;
  const feedCycles = s ? s.feedMicros * 16 : NaN;
  return (
    `${name}: history body ${r.historyBodyBytes} B (${r.modem.bytesFromNetwork} B from the network in all), ` +
    `flash ${r.flashBytes} B, static RAM ${r.staticRamBytes} B, peak RAM ${r.peakRamBytes} B ` +
    `(stack ${r.peakStackBytes} = ${r.peakThreadStackBytes} outside interrupts + up to ${r.peakInterruptStackBytes} in them, history step ${s?.stack}), heap ${r.heapBytes}; ` +
    `run ${r.cycles} cycles; history step ${stepCycles} cycles = ${(stepCycles / r.historyBodyBytes).toFixed(0)} per reply byte, ` +
    `of which in JsonParser::feed ${feedCycles} = ${(feedCycles / r.historyBodyBytes).toFixed(0)} per reply byte`
  );
}

let build: SketchBuild;
// Every run uses this one image (the firmware may change while the suite runs).
const runHistory = (o: HistoryRunOptions) => runOn({ ...o, build });

beforeAll(async () => {
  build = buildHistorySketch('uno');
  small = await runHistory({ board: 'uno', seed: smallHistory() });
  large = await runHistory({ board: 'uno', seed: seedLarge });
  // Transfer-Encoding: chunked, 1000-byte chunks (the mock cloud's chunkedResponse fault)
  chunked = await runHistory({ board: 'uno', seed: seedLarge, faults: { chunkedResponse: 1000 } });
  // Old AT firmware without passive receive: the modem pushes "+IPD,<n>:" pieces
  activeSmall = await runHistory({ board: 'uno', seed: smallHistory(), modem: { noPassiveMode: true } });
  activeLarge = await runHistory({ board: 'uno', seed: seedLarge, modem: { noPassiveMode: true } });
  // ~100 KB: a Content-Length above 16 bits
  huge = await runHistory({ board: 'uno', seed: largeHistory(100 * 1024, 9), seconds: 120 });
  // the cloud closes each connection after 20,000 bytes: the history reply is cut
  cut = await runHistory({ board: 'uno', seed: seedLarge, faults: { closeAtByte: 20000 } });
  process.stdout.write(
    `StreamHistory on uno (budget flash ${small.budget.flashBytes} B, peak RAM ${small.budget.peakRamBytes} B)\n` +
      [figures('small', small), figures('large', large), figures('large, chunked', chunked), figures('active-mode small', activeSmall), figures('active-mode large', activeLarge), figures('huge', huge), figures('cut at 20 KB', cut)].join('\n') +
      '\n',
  );
}, 900000);

describe('uno: p2p history of ~0.7 KB and of >= 32 KB through StreamHistory', () => {
  test('every run ended with the summary line (not a timeout, crash or stack overflow)', () => {
    for (const r of [small, large, chunked, activeSmall, activeLarge, huge, cut]) {
      expect({ stop: r.stopReason, summary: r.summary !== null, serial: r.summary ? '' : r.serial }).toEqual({ stop: 'stopped', summary: true, serial: '' });
    }
  });

  test('the small reply is ~0.7 KB and the large one >= 32 KB on the wire', () => {
    expect(small.historyBodyBytes).toBeGreaterThan(500);
    expect(small.historyBodyBytes).toBeLessThan(900);
    expect(large.historyBodyBytes).toBeGreaterThanOrEqual(32 * 1024);
    // The modem received both answers (chat list + history) from the cloud's TCP socket.
    expect(large.modem.bytesFromNetwork).toBeGreaterThan(large.historyBodyBytes);
    expect(large.modem.bytesFromNetwork - small.modem.bytesFromNetwork).toBeGreaterThanOrEqual(large.historyBodyBytes - small.historyBodyBytes);
    // and handed all of it to the board in AT+CIPRECVDATA pieces of at most 32 bytes
    expect(large.modem.largestRecvData).toBeLessThanOrEqual(32);
    expect(large.modem.recvData).toBeGreaterThanOrEqual(Math.ceil(large.modem.bytesFromNetwork / 32));
    // the sketch counted every body byte it fed to the JSON parser
    expect(small.summary!.body).toBe(small.historyBodyBytes);
    expect(large.summary!.body).toBe(large.historyBodyBytes);
  });

  test('the large history really has long texts, escapes and non-ASCII', () => {
    const texts = seedLarge.filter((c) => typeof c.text === 'string').map((c) => c.text as string);
    expect(Math.max(...texts.map((t) => Buffer.byteLength(t)))).toBeGreaterThan(2000);
    const all = texts.join('');
    for (const s of ['"', '\\', '\n', '\t', '\u0001', '\u00e9', '\u4e2d', '\ud83d\ude00', '\udc00']) expect(all).toContain(s);
    expect(seedLarge.length - texts.length).toBeGreaterThan(3); // gauges and locations
    expect(large.expected.messages).toBe(seedLarge.length);
    expect(large.replyMessages).toBe(seedLarge.length); // the cloud listed all of them (limit above the default 100)
  });

  test.each([
    ['small', () => small],
    ['large', () => large],
    ['large, chunked', () => chunked],
    ['active-mode small', () => activeSmall],
    ['active-mode large', () => activeLarge],
    ['huge', () => huge],
  ])('%s: the decoded summary matches the cloud state', (_name, get) => {
    const r = get();
    const s = r.summary!;
    expect({
      status: s.status,
      success: s.success,
      json: s.json,
      http: s.http,
      order: s.order,
      complete: s.complete,
      messages: s.messages,
      texts: s.texts,
      textBytes: s.textBytes,
      textHash: s.textHash,
      idHash: s.idHash,
      last: s.last,
    }).toEqual({ status: 200, success: 1, json: 'ok', http: 'Ok', order: 0, complete: 1, ...r.expected });
    expect(r.expected.messages).toBeGreaterThan(0);
  });

  test('no validation errors, the cloud answered twice per run, no heap', () => {
    for (const r of [small, large, chunked, activeSmall, activeLarge, huge]) {
      expect(r.cloud.validationErrors).toBe(0);
      expect(r.cloud.validationErrorList).toEqual([]);
      expect((r.cloud.responseSchemaErrors as { count: number }).count).toBe(0);
      expect(r.cloud.requests).toBe(2); // getP2pChats + getP2pMessages from the board
      expect(r.heapBytes).toBe(0);
      expect(r.heapSymbols).toEqual([]);
    }
  });

  test('the same image in every run', () => {
    for (const r of [large, chunked, activeSmall, activeLarge, huge, cut]) {
      expect(r.build).toBe(small.build);
      expect(r.flashBytes).toBe(small.flashBytes);
      expect(r.staticRamBytes).toBe(small.staticRamBytes);
    }
  });

  // Peak RAM = static + the deepest stack, and the deepest stack is always
  // the same code path (traced with SL_SIM_STACK_CHAIN=1, see
  // simulator/README.md): streamHistory -> receive -> JsonParser::feedChunk
  // -> piece -> emitPiece -> the sketch's History::onJson -> the generated
  // decoder's TreeDecoder::onJson -> JsonValueCapture::capture, delivering a
  // string piece (an escape's decoded bytes go out from the same depth), plus
  // whichever interrupt lands there (USART or timer 0). Where it lands
  // depends on the timing of each run, so runs of the same image differ by a
  // few bytes (small 1,302 / large 1,306 B at 5887459). (Before the modem's
  // command line got shallower, the deepest path was sending an
  // AT+CIPRECVDATA command, sampled ~1,200 times per 37 KB run.) In active
  // mode (no transmission while the reply streams) the same parse path.
  // So the simulator splits the peak (simulator/avr/runner.ts): the deepest
  // stack outside interrupt handlers, which is the code path's and must be
  // the same to the byte in every run, and what an interrupt added where it
  // landed (19 B at 886a4bc: USART or timer 0), by which two runs' peak RAM
  // may differ. A buffering implementation would differ by kilobytes (or
  // overflow the Uno's 2 KB).
  const samePeak = (a: HistoryRun, b: HistoryRun) => {
    expect(a.peakThreadStackBytes).toBeDefined();
    expect(a.peakThreadStackBytes).toBe(b.peakThreadStackBytes);
    const interrupt = Math.max(a.peakInterruptStackBytes!, b.peakInterruptStackBytes!);
    expect(Math.abs(a.peakRamBytes! - b.peakRamBytes!)).toBeLessThanOrEqual(interrupt);
  };

  test('an interrupt adds at most 24 B to the stack where it lands', () => {
    for (const r of [small, large, chunked, activeSmall, activeLarge, huge, cut]) {
      expect(r.peakInterruptStackBytes).toBeGreaterThan(0);
      expect(r.peakInterruptStackBytes).toBeLessThanOrEqual(24);
    }
  });

  test('peak RAM of the 32 KB run is the peak RAM of the 0.7 KB run (the same outside interrupts)', () => {
    expect(small.peakRamBytes).not.toBeNull();
    samePeak(large, small);
  });

  test('the peak of every run is in the history step (painted stack == traced stack)', () => {
    for (const r of [small, large, chunked, activeSmall, activeLarge, huge, cut]) {
      expect(r.summary!.stack).toBe(r.peakStackBytes);
    }
  });

  test('chunked transfer coding: the same decoded history and the same peak RAM', () => {
    expect(chunked.modem.bytesFromNetwork).toBeGreaterThan(large.modem.bytesFromNetwork); // the chunk size lines
    samePeak(chunked, small);
    samePeak(chunked, large);
  });

  test('~100 KB (Content-Length above 16 bits): the same peak RAM', () => {
    expect(huge.historyBodyBytes).toBeGreaterThan(65535);
    expect(huge.summary!.body).toBe(huge.historyBodyBytes);
    samePeak(huge, small);
    samePeak(huge, large);
  });

  test('a reply cut at 20 KB by the cloud: reported as truncated, what arrived was decoded, same peak RAM', () => {
    const s = cut.summary!;
    expect({ status: s.status, complete: s.complete, http: s.http, json: s.json }).toEqual({
      status: 200,
      complete: 0,
      http: 'TruncatedBody',
      json: 'unexpected end of input',
    });
    expect(cut.modem.bytesFromNetwork).toBeLessThan(large.modem.bytesFromNetwork);
    expect(s.body).toBeLessThan(20000);
    expect(s.messages).toBeGreaterThan(0);
    expect(s.messages).toBeLessThan(large.expected.messages);
    expect(s.order).toBe(0);
    samePeak(cut, small);
  });

  test('active mode (+IPD pushed by the modem): the same peak RAM (outside interrupts: as the passive runs)', () => {
    expect(activeLarge.modem.recvData).toBe(0);
    expect(activeLarge.modem.ipd).toBeGreaterThan(large.historyBodyBytes / 64);
    samePeak(activeLarge, activeSmall);
    samePeak(activeLarge, large);
  });

  test('figures against the Uno budget (reported; the budget is not met)', () => {
    // Not an assertion of the budget: StreamHistory needs ~22 KB flash and
    // ~1.4 KB peak RAM against the Uno budget of 10 KB / 1 KB (see the printed
    // figures). This guards the streaming property's absolute cost from growing.
    expect(small.peakRamBytes!).toBeLessThan(1500);
    expect(small.flashBytes).toBeLessThan(24 * 1024);
  });
});

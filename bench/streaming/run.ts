// npm run bench:streaming [-- --board uno] : issue 5's figures. Runs the
// StreamHistory sketch with ~0.7 KB and with >= 32 KB of p2p history and
// prints flash, static / peak RAM, the history step's own stack, cycles and
// cycles per reply byte for both, and whether the summaries matched the cloud.
import { buildHistorySketch, HistoryRun, largeHistory, runHistory, smallHistory } from './harness';

function row(name: string, r: HistoryRun): string {
  const s = r.summary;
  const ok =
    !!s &&
    s.status === 200 &&
    s.json === 'ok' &&
    s.http === 'Ok' &&
    s.messages === r.expected.messages &&
    s.texts === r.expected.texts &&
    s.textBytes === r.expected.textBytes &&
    s.textHash === r.expected.textHash &&
    s.idHash === r.expected.idHash &&
    s.last === r.expected.last;
  // The history step's cycles from the sketch's micros() (16 cycles each), per reply body byte.
  const perByte = s ? ((s.micros * 16) / r.historyBodyBytes).toFixed(0) : '?';
  const feedPerByte = s ? ((s.feedMicros * 16) / r.historyBodyBytes).toFixed(0) : '?';
  return [
    name.padEnd(7),
    String(r.historyBodyBytes).padStart(7),
    String(r.modem.bytesFromNetwork).padStart(8),
    String(s?.messages ?? '?').padStart(5),
    String(r.flashBytes).padStart(6),
    String(r.staticRamBytes).padStart(6),
    String(r.peakRamBytes).padStart(5),
    String(s?.stack ?? '-').padStart(6),
    String(r.heapBytes).padStart(4),
    String(r.cycles).padStart(10),
    perByte.padStart(6),
    feedPerByte.padStart(6),
    ok ? 'match' : 'MISMATCH',
  ].join(' ');
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--board');
  const board = i >= 0 ? process.argv[i + 1] : 'uno';
  const build = buildHistorySketch(board);
  const small = await runHistory({ board, build, seed: smallHistory() });
  const large = await runHistory({ board, build, seed: largeHistory() });
  process.stdout.write(`StreamHistory on ${board} (budget: flash ${small.budget.flashBytes}, peak RAM ${small.budget.peakRamBytes})\n`);
  process.stdout.write('run        body  network  msgs  flash static  peak phase  heap     cycles  cyc/B  feed/B summary\n');
  process.stdout.write(`${row('small', small)}\n${row('large', large)}\n`);
  process.stdout.write(
    `body = the history reply's body; network = bytes the modem received from the cloud for both requests; ` +
      `phase = stack of the history request alone; cycles = the whole run (stopped within ~0.5 M cycles of the summary); ` +
      `cyc/B = cycles of the history request (connect to last byte) per body byte; feed/B = of those, inside JsonParser::feed()\n`,
  );
  process.stdout.write(`peak RAM difference large - small: ${(large.peakRamBytes ?? NaN) - (small.peakRamBytes ?? NaN)} B\n`);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});

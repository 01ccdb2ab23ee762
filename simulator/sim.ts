// npm run sim -- --board B --sketch DIR --report FILE [options]
//
// Builds the Arduino sketch DIR (DIR/DIR-name.ino, `#include <Semilimes.h>`)
// for board B, runs it on the simulated board against a fresh mock semilimes
// cloud reached through the ESP-AT modem emulator on the board's network
// UART (seeded with the examples' owner account and channel,
// sketch/exampleWorld.ts, so the examples run as they ship), and writes a JSON report (board, flashBytes, staticRamBytes,
// peakRamBytes, heapBytes, cycles, serial, cloud {requests, validationErrors,
// claimedDevices}, ...). Exit 1, with the reasons on stderr, when flash or
// peak RAM exceed the board's budget, the cloud saw validation errors, the
// board crashed, or --until never matched; exit 2 on usage or build errors.
//
// Options: HELP below (`npm run sim -- --help`), simulator/README.md.
// Wiring of console and network per board: simulator/sketch/README.md.
import * as fs from 'fs';
import * as path from 'path';
import { parseAnalogVolts } from './avr/runner';
import { seedExampleWorld } from './sketch/exampleWorld';
import { runSketch, SketchRunOptions } from './sketch/run';

const USAGE =
  'usage: npm run sim -- --board B --sketch DIR [--report FILE] [--seconds N | --cycles N] [--until REGEX] [--api-key K] [-D NAME=VAL]\n' +
  '                      [--auto-claim MS] [--auto-submit JSON] [--no-qr-scan] [--quiet] [--modem-log]\n' +
  '                      [--key-lifetime-days D] [--eeprom FILE] [--cut-at-eeprom-write N] [--analog A0=V[,A1=V]]\n' +
  '                      [--stack-chain]';

const HELP =
  `${USAGE}\n` +
  '  --seconds N             run length in simulated seconds (QEMU boards: wall-clock); default 10\n' +
  '  --cycles N              run length in CPU cycles (AVR boards)\n' +
  '  --until REGEX           stop as soon as the console output matches (exit 1 if it never does)\n' +
  '  --api-key K             the mock cloud\'s seeded key, the sketch\'s SL_SIM_API_KEY (default dev-key)\n' +
  '  -D NAME[=VAL]           extra preprocessor definition (repeatable)\n' +
  '  --auto-claim MS         the app claims every device that registers, MS ms later\n' +
  '  --auto-submit JSON      the app answers every form it receives with these values (by refName)\n' +
  '  --no-qr-scan            the app does not claim devices by the QR drawn on the console\n' +
  '  --key-lifetime-days D   lifetime of the keys the cloud issues to claimed devices (default 365)\n' +
  '  --eeprom FILE           AVR boards, cortex-m3: EEPROM at power-on from FILE (if it exists), written back at the end\n' +
  '  --cut-at-eeprom-write N AVR boards: power cut right after the Nth EEPROM byte write (stop reason power-cut)\n' +
  '  --analog A0=V[,A1=V]    AVR boards: volts (0..5) on analog inputs (repeatable; replaces SL_SIM_ANALOG)\n' +
  '  --stack-chain           AVR boards: report the calls on the stack at its peak (peakStackChain; a little slower)\n' +
  '  --report FILE           write the JSON report there\n' +
  '  --quiet                 do not echo the console\n' +
  '  --modem-log             print the AT dialogue on stderr\n' +
  '  --help, -h              this text';

function parseArgs(argv: string[]): { opts: SketchRunOptions; report?: string; quiet: boolean; eepromFile?: string } {
  let eepromFile: string | undefined;
  let board = '';
  let sketch = '';
  let report: string | undefined;
  let quiet = false;
  const opts: Partial<SketchRunOptions> = { defines: [] };
  const num = (name: string, v: string | undefined): number => {
    const n = Number(v);
    if (v === undefined || !Number.isFinite(n) || n <= 0) throw new Error(`${name} wants a positive number`);
    return n;
  };
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} wants a value`);
      return argv[++i];
    };
    if (a === '--board') board = val();
    else if (a === '--sketch') sketch = val();
    else if (a === '--report') report = val();
    else if (a === '--seconds') opts.seconds = num(a, val());
    else if (a === '--cycles') opts.cycles = Math.round(num(a, val()));
    else if (a === '--until') opts.until = new RegExp(val());
    else if (a === '--api-key') opts.apiKey = val();
    else if (a === '-D') opts.defines!.push(val());
    else if (a === '--quiet') quiet = true;
    else if (a === '--auto-claim') {
      opts.autoClaimMs = Number(val());
      if (!Number.isFinite(opts.autoClaimMs) || opts.autoClaimMs < 0) throw new Error('--auto-claim wants milliseconds (>= 0)');
    }
    else if (a === '--auto-submit') opts.autoSubmit = JSON.parse(val());
    else if (a === '--no-qr-scan') opts.scanQr = false;
    else if (a === '--key-lifetime-days') opts.keyLifetimeDays = num(a, val());
    else if (a === '--eeprom') eepromFile = val();
    else if (a === '--cut-at-eeprom-write') opts.cutAtEepromWrite = Math.round(num(a, val()));
    else if (a === '--analog') opts.analog = { ...opts.analog, ...parseAnalogVolts(val()) };
    else if (a === '--stack-chain') opts.stackChain = true;
    else if (a === '--modem-log') opts.modemLog = (dir, text) => process.stderr.write(`[modem ${dir}] ${JSON.stringify(text)}\n`);
    else if (a === '--help' || a === '-h') {
      process.stdout.write(`${HELP}\n`);
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!board || !sketch) throw new Error('--board and --sketch are required');
  if (eepromFile && fs.existsSync(eepromFile)) opts.eeprom = new Uint8Array(fs.readFileSync(eepromFile));
  return { opts: { ...opts, board, sketch } as SketchRunOptions, report, quiet, eepromFile };
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`sim: ${(e as Error).message}\n${USAGE}\n(npm run sim -- --help for the options)\n`);
    return 2;
  }
  const { opts, report, quiet, eepromFile } = parsed;
  // alice at the examples' OWNER_ID, her channel at their channel id
  opts.prepareCloud = (cloud) => {
    const { alice, channel } = seedExampleWorld(cloud);
    if (!quiet) process.stderr.write(`sim: mock cloud: the app's person ${alice.account.accountName} (${alice.accountId}) owns channel "${channel.title}" (${channel.channelId}); the sketch's key ${cloud.seeded[0]?.apiKey.key} is an editor\n`);
  };
  if (!quiet) {
    opts.onConsole = (bytes) => process.stdout.write(bytes);
    opts.appLog = (line) => process.stderr.write(`[app] ${line}\n`);
  }
  opts.onBuilt = (b) => {
    if (!quiet) process.stderr.write(`sim: built ${b.sketchName} for ${b.board.name} with ${b.tool}: flash ${b.footprint.flashBytes}, static RAM ${b.footprint.staticRamBytes}\n`);
  };
  let r;
  try {
    r = await runSketch(opts);
  } catch (e) {
    process.stderr.write(`sim: ${(e as Error).message}\n`);
    return 2;
  }
  if (eepromFile && r.eeprom) fs.writeFileSync(eepromFile, Buffer.from(r.eeprom.hex, 'hex'));
  if (report) {
    fs.mkdirSync(path.dirname(path.resolve(report)), { recursive: true });
    fs.writeFileSync(report, JSON.stringify(r, null, 2) + '\n');
  }
  const summary =
    `sim: ${r.board} ${r.sketch}: ${r.stopReason}` +
    `${r.cycles !== null ? ` after ${r.cycles} cycles` : ''}; flash ${r.flashBytes}/${r.budget.flashBytes}, ` +
    `peak RAM ${r.peakRamBytes ?? '?'}/${r.budget.peakRamBytes} (static ${r.staticRamBytes} + stack ${r.peakStackBytes ?? '?'} + heap ${r.heapBytes ?? '?'}); ` +
    `cloud: ${r.cloud.requests} request(s), ${r.cloud.validationErrors} validation error(s)`;
  if (!quiet || r.failures.length) process.stderr.write(`${quiet ? '' : '\n'}${summary}\n`);
  if (r.peakStackChain) process.stderr.write(`sim: the stack at its peak (outermost call first):\n  ${r.peakStackChain.join('\n  ')}\n`);
  for (const f of r.failures) process.stderr.write(`sim: FAIL: ${f}\n`);
  return r.failures.length ? 1 : 0;
}

main().then((code) => process.exit(code));

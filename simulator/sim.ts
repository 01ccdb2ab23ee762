// npm run sim -- --board B --sketch DIR --report FILE [options]
//
// Builds the Arduino sketch DIR (DIR/DIR-name.ino, `#include <Semilimes.h>`)
// for board B, runs it on the simulated board against a fresh mock semilimes
// cloud reached through the ESP-AT modem emulator on the board's network
// UART, and writes a JSON report (board, flashBytes, staticRamBytes,
// peakRamBytes, heapBytes, cycles, serial, cloud {requests, validationErrors,
// claimedDevices}, ...). Exit 1, with the reasons on stderr, when flash or
// peak RAM exceed the board's budget, the cloud saw validation errors, the
// board crashed, or --until never matched; exit 2 on usage or build errors.
//
// Options:
//   --seconds N    run length in simulated seconds (QEMU boards: wall-clock); default 10
//   --cycles N     run length in CPU cycles (AVR boards)
//   --until REGEX  stop as soon as the console output matches
//   --api-key K    the mock cloud's seeded key, passed to the sketch as SL_SIM_API_KEY (default dev-key)
//   -D NAME[=VAL]  extra preprocessor definition (repeatable)
//   --auto-claim MS   the app claims every device that registers, MS ms later
//   --auto-submit JSON  the app answers every form it receives with these values (by refName)
//   --no-qr-scan   the app does not claim devices by the QR drawn on the console
//                  (by default it scans QR codes the sketch prints with
//                  sl::QrTextRenderer and claims the device, as a user would)
//   --key-lifetime-days D  lifetime of the keys the cloud issues to claimed devices
//                  (default 365; under 5 makes a device rotate its key at its next check)
//   --eeprom FILE  AVR boards and cortex-m3: the EEPROM at power-on is read from FILE (when it
//                  exists; else erased) and written back at the end, so runs
//                  with the same FILE are reboots of one board
//   --cut-at-eeprom-write N  AVR boards: power cut right after the Nth EEPROM
//                  byte write of this run (stop reason power-cut; exit 0 unless
//                  something else failed)
//   --quiet        do not echo the console
//   --modem-log    print the AT dialogue on stderr
// Wiring of console and network per board: simulator/sketch/README.md.
import * as fs from 'fs';
import * as path from 'path';
import { runSketch, SketchRunOptions } from './sketch/run';

const USAGE =
  'usage: npm run sim -- --board B --sketch DIR [--report FILE] [--seconds N | --cycles N] [--until REGEX] [--api-key K] [-D NAME=VAL]\n' +
  '                      [--auto-claim MS] [--auto-submit JSON] [--no-qr-scan] [--quiet] [--modem-log]\n' +
  '                      [--key-lifetime-days D] [--eeprom FILE] [--cut-at-eeprom-write N]';

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
    else if (a === "--auto-claim") {
      opts.autoClaimMs = Number(val());
      if (!Number.isFinite(opts.autoClaimMs) || opts.autoClaimMs < 0) throw new Error("--auto-claim wants milliseconds (>= 0)");
    }
    else if (a === '--auto-submit') opts.autoSubmit = JSON.parse(val());
    else if (a === '--no-qr-scan') opts.scanQr = false;
    else if (a === '--key-lifetime-days') opts.keyLifetimeDays = num(a, val());
    else if (a === '--eeprom') eepromFile = val();
    else if (a === '--cut-at-eeprom-write') opts.cutAtEepromWrite = Math.round(num(a, val()));
    else if (a === '--modem-log') opts.modemLog = (dir, text) => process.stderr.write(`[modem ${dir}] ${JSON.stringify(text)}\n`);
    else if (a === '--help' || a === '-h') {
      process.stdout.write(`${USAGE}\n`);
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
    process.stderr.write(`sim: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { opts, report, quiet, eepromFile } = parsed;
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
  for (const f of r.failures) process.stderr.write(`sim: FAIL: ${f}\n`);
  return r.failures.length ? 1 : 0;
}

main().then((code) => process.exit(code));

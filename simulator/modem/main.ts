// Runs a board program with its UART on the emulated ESP-AT modem:
//
//   npx tsx simulator/modem/main.ts --board mega [--map HOST=IP:PORT]... [--cloud] [--log] file.cpp ...
//   npm run sim:modem -- --board uno --cloud sketch.cpp
//
// --map   routes a host name the firmware asks for (AT+CIPSTART) to a local
//         address; repeatable. Unmapped hosts get "DNS Fail".
// --cloud starts the mock semilimes cloud (API key dev-key) on a free port and
//         maps api.semilimes.net to it (plain TCP, also for "SSL" links).
// --log   prints the AT dialogue on stderr.
// Prints the run report (as simulator/run.ts does) plus the modem's stats.
import { buildProgram } from '../build';
import { startCloud } from '../cloud/server';
import { startMachine } from '../run';
import { attachModemToMachine } from './attach';
import { EspAtModem, HostTarget } from './EspAtModem';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  let board = 'mega';
  let log = false;
  let cloud = false;
  const map: Record<string, HostTarget> = {};
  const sources: string[] = [];
  for (let i = 0; i < args.length; ++i) {
    const a = args[i];
    if (a === '--board') board = args[++i];
    else if (a === '--log') log = true;
    else if (a === '--cloud') cloud = true;
    else if (a === '--map') {
      const m = (args[++i] ?? '').match(/^([^=]+)=([^:]+):(\d+)$/);
      if (!m) throw new Error('--map wants HOST=IP:PORT');
      map[m[1]] = { host: m[2], port: Number(m[3]) };
    } else sources.push(a);
  }
  if (!sources.length) throw new Error('usage: main.ts --board B [--map HOST=IP:PORT] [--cloud] [--log] file.cpp ...');
  const mock = cloud ? await startCloud({ port: 0, apiKeys: ['dev-key'] }) : null;
  if (mock) map['api.semilimes.net'] = { host: '127.0.0.1', port: mock.port };
  const modem = new EspAtModem({
    hostMap: map,
    log: log ? (dir, text) => process.stderr.write(`[${dir}] ${JSON.stringify(text)}\n`) : undefined,
  });
  const machine = startMachine(buildProgram({ board, name: 'modem_cli', sources }));
  attachModemToMachine(machine, modem);
  const r = await machine.done;
  await mock?.close();
  const { serial, ...rest } = r;
  void serial;
  process.stderr.write(JSON.stringify({ ...rest, modem: modem.stats }, null, 2) + '\n');
  return r.exitCode ?? 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  },
);

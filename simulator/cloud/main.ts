// `npm run cloud -- --port P --api-key K [--api-key K2] [--faults JSON|k=v,...] [--stats FILE]
//                   [--auto-claim MS] [--auto-submit JSON] [--device-key-days D] [--quiet]`
// Runs the mock cloud on 127.0.0.1:P until SIGINT/SIGTERM; `Bearer K` is a
// seeded account. Prints one "listening" line, then (unless --quiet) what the
// person "alice" receives. --auto-claim: alice claims each registering device
// after MS ms; --auto-submit: alice answers each form with these values (by
// refName); --device-key-days: lifetime of a claimed device's authToken (a
// value under 5 makes the device rotate its key). Writes the stats as JSON to --stats FILE (if given) on exit.
import * as fs from 'fs';
import { parseFaultArg } from './faults';
import { startCloud } from './server';

function parseArgs(argv: string[]) {
  const out = {
    port: 8080,
    apiKeys: [] as string[],
    faults: undefined as string | undefined,
    stats: undefined as string | undefined,
    person: 'alice',
    autoClaim: undefined as number | undefined,
    autoSubmit: undefined as Record<string, unknown> | undefined,
    quiet: false,
    deviceKeyDays: undefined as number | undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--port' || a === '-p') out.port = Number(val());
    else if (a === '--api-key' || a === '-k') out.apiKeys.push(val());
    else if (a === '--faults') out.faults = val();
    else if (a === '--stats') out.stats = val();
    else if (a === '--auto-claim') out.autoClaim = Number(val());
    else if (a === '--auto-submit') out.autoSubmit = JSON.parse(val());
    else if (a === '--quiet') out.quiet = true;
    else if (a === '--device-key-days') out.deviceKeyDays = Number(val());
    else if (a === '--help' || a === '-h') {
      console.log('usage: npm run cloud -- --port P --api-key K [--api-key K2] [--faults JSON|k=v,...] [--stats FILE] [--auto-claim MS] [--auto-submit JSON] [--device-key-days D] [--quiet]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(out.port) || out.port < 0 || out.port > 65535) throw new Error('--port must be 0..65535');
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.apiKeys.length === 0) args.apiKeys.push('dev-key');
  const cloud = await startCloud({
    port: args.port,
    apiKeys: args.apiKeys,
    faults: args.faults ? parseFaultArg(args.faults) : undefined,
    deviceKeyLifetimeMs: args.deviceKeyDays !== undefined ? args.deviceKeyDays * 86400_000 : undefined,
  });
  const alice = cloud.app.person(args.person);
  console.log(`mock semilimes cloud listening on ${cloud.url} (WebSocket ${cloud.wsUrl}); keys: ${args.apiKeys.join(', ')}; person ${alice.account.accountName} = ${alice.accountId}`);
  const log = args.quiet ? () => undefined : (line: string) => console.log(line);
  cloud.core.bus.on('registered', (d) => log(`device registered: ${d.deviceId} (claim key ${d.claimKey})`));
  cloud.app.autopilot({ person: alice, claimAfterMs: args.autoClaim, formValues: args.autoSubmit, log });
  const stop = async () => {
    if (args.stats) fs.writeFileSync(args.stats, JSON.stringify(cloud.stats.toJSON(), null, 2));
    await cloud.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(`cloud: ${(e as Error).message}`);
  process.exit(2);
});

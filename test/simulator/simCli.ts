// `npm run sim` as the user runs it, for the CLI suites (sim.test.ts,
// sim-analog.test.ts): spawns simulator/sim.ts with a temporary --report
// file and returns the exit code, the output and the parsed report.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  report: Record<string, any> | null;
}

/** Runs the CLI with `args` (plus --report) and extra environment variables. */
export function sim(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-test-'));
  const reportFile = path.join(dir, 'report.json');
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['simulator/sim.ts', ...args, '--report', reportFile], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    child.on('error', reject);
    child.on('close', (code) => {
      const report = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) : null;
      fs.rmSync(dir, { recursive: true, force: true });
      resolve({ code, stdout, stderr, report });
    });
  });
}

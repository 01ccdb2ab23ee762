// CLI: `npm run codegen` regenerates firmware/src/generated/; with `--check`
// it writes nothing and exits 1 when the committed files differ from what the
// generator produces now (stale, missing or extra files).
import * as fs from 'fs';
import * as path from 'path';
import { generate } from './generate';
import { DEFAULT_SCHEMA_DIR, loadSpec } from './load';

export const DEFAULT_OUT_DIR = path.resolve(__dirname, '..', 'firmware', 'src', 'generated');

function listFiles(dir: string, rel = ''): string[] {
  if (!fs.existsSync(path.join(dir, rel))) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(dir, r));
    else out.push(r);
  }
  return out.sort();
}

export interface RunResult {
  stale: string[];
  written: string[];
  removed: string[];
}

export function run(opts: { check: boolean; schemaDir?: string; outDir?: string }): RunResult {
  const outDir = opts.outDir ?? DEFAULT_OUT_DIR;
  const files = generate(loadSpec(opts.schemaDir ?? DEFAULT_SCHEMA_DIR));
  const existing = listFiles(outDir);
  const stale: string[] = [];
  const written: string[] = [];
  const removed: string[] = [];
  for (const [rel, text] of files) {
    const p = path.join(outDir, rel);
    const cur = fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined;
    if (cur === text) continue;
    stale.push(rel);
    if (!opts.check) {
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, text);
      written.push(rel);
    }
  }
  for (const rel of existing) {
    if (files.has(rel)) continue;
    stale.push(rel);
    if (!opts.check) {
      fs.unlinkSync(path.join(outDir, rel));
      removed.push(rel);
    }
  }
  return { stale, written, removed };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  try {
    const r = run({ check });
    if (check) {
      if (r.stale.length) {
        console.error(`generated headers are stale (run npm run codegen):\n  ${r.stale.join('\n  ')}`);
        process.exit(1);
      }
      console.log('generated headers are up to date');
    } else {
      console.log(`codegen: ${r.written.length} written, ${r.removed.length} removed`);
    }
  } catch (e) {
    console.error(`codegen: ${(e as Error).message}`);
    process.exit(2);
  }
}

// Where the shared, read-only reference folder (platform docs, JSONTestSuite,
// bench inputs) is. CI runs in a fresh clone with a copy of shared/ beside
// the repository; the development machine has it at /work/shared.
//
//   import { SHARED_DIR, sharedPath } from '../helpers/paths';
//   const docs = sharedPath('reference', 'semilimes-developer-docs.txt');
//
// Order: $SL_SHARED_DIR, else <repo>/../shared when it exists, else
// /work/shared. Nothing here checks that the chosen folder exists: callers
// that can run without it test fs.existsSync themselves.
import * as fs from 'fs';
import * as path from 'path';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

export function resolveSharedDir(env: NodeJS.ProcessEnv = process.env, repoRoot: string = REPO_ROOT): string {
  if (env.SL_SHARED_DIR) return path.resolve(env.SL_SHARED_DIR);
  const beside = path.resolve(repoRoot, '..', 'shared');
  if (fs.existsSync(beside)) return beside;
  return path.resolve('/work/shared');
}

export const SHARED_DIR = resolveSharedDir();

/** A path inside the shared folder. */
export function sharedPath(...parts: string[]): string {
  return path.join(SHARED_DIR, ...parts);
}

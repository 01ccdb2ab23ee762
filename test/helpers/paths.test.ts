import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { resolveSharedDir } from './paths';

describe('resolveSharedDir', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-paths-'));
  const repo = path.join(tmp, 'repo');
  fs.mkdirSync(repo);
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('SL_SHARED_DIR wins', () => {
    expect(resolveSharedDir({ SL_SHARED_DIR: '/somewhere/else' }, repo)).toBe('/somewhere/else');
  });
  test('without shared/ beside the clone: /work/shared', () => {
    expect(resolveSharedDir({}, repo)).toBe('/work/shared');
  });
  test('shared/ beside the clone (CI layout)', () => {
    fs.mkdirSync(path.join(tmp, 'shared'));
    expect(resolveSharedDir({}, repo)).toBe(path.join(tmp, 'shared'));
  });
});

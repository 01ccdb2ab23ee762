// platformio.ini and the board profiles name the same environments, and every
// environment uses the library from firmware/.
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../helpers/cpp';

const ini = fs.readFileSync(path.join(ROOT, 'platformio.ini'), 'utf8');
const envs = new Map<string, Record<string, string>>();
let current: Record<string, string> | undefined;
for (const line of ini.split('\n')) {
  const section = line.match(/^\[env:([^\]]+)\]/);
  if (section) envs.set(section[1], (current = {}));
  else if (/^\[/.test(line)) current = undefined;
  else {
    const kv = line.match(/^(\w+)\s*=\s*(.*)$/);
    if (kv && current) current[kv[1]] = kv[2].trim();
  }
}

const profiles = fs
  .readdirSync(path.join(ROOT, 'boards'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(fs.readFileSync(path.join(ROOT, 'boards', f), 'utf8')))
  .filter((b) => b.platformio && b.platformio.platform !== 'native');

test.each(profiles.map((b) => [b.name, b.platformio]))('%s has its env in platformio.ini', (_name, pio) => {
  const env = envs.get(pio.env);
  expect(env).toBeDefined();
  expect(env).toMatchObject({ platform: pio.platform, board: pio.board });
});

test('the library comes from firmware/', () => {
  expect(ini).toMatch(/^lib_deps = symlink:\/\/firmware$/m);
  expect(fs.existsSync(path.join(ROOT, 'firmware', 'library.json'))).toBe(true);
});

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * bin/build-state.js decides when build/ is stale: any .ts input added,
 * removed or changed in content since the last build (scripts/build.js
 * records them in build/inputs.json). A changed modification time alone is
 * no change. Tested on a scratch project, without running the build.
 */
describe('bin/build-state.js', () => {
  let root: string;
  const state = () => {
    const file = path.join(root, 'bin', 'build-state.js');
    delete require.cache[file];
    return require(file);
  };
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  const record = () => {
    fs.mkdirSync(path.join(root, 'build'), { recursive: true });
    fs.writeFileSync(path.join(root, 'build', 'inputs.json'), JSON.stringify(state().recordInputs()));
  };

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'build-state-'));
    fs.mkdirSync(path.join(root, 'bin'));
    fs.copyFileSync(path.join(__dirname, '..', '..', 'bin', 'build-state.js'), path.join(root, 'bin', 'build-state.js'));
    write('tsconfig.build.json', '{}\n');
    write('main.ts', 'import "./app/a";\n');
    write('app/a.ts', 'export const a = 1;\n');
    write('lib/b.ts', 'export const b = 1;\n');
    write('cli/rules/c.ts', 'export const c = 1;\n');
    record();
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test('a build whose inputs are unchanged is current', () => {
    expect(state().staleReason()).toBeUndefined();
  });

  test('no record (no build yet) is stale', () => {
    fs.rmSync(path.join(root, 'build', 'inputs.json'));
    expect(state().staleReason()).toBe('build/ is missing or incomplete');
  });

  test('an edit of the same size, in a nested folder, is stale', () => {
    write('cli/rules/c.ts', 'export const c = 2;\n');
    expect(state().staleReason()).toBe('cli/rules/c.ts changed');
  });

  test('a new file, and a removed file, are stale', () => {
    write('lib/new.ts', 'export {};\n');
    expect(state().staleReason()).toBe('lib/new.ts is new');
    fs.rmSync(path.join(root, 'lib', 'new.ts'));
    fs.rmSync(path.join(root, 'app', 'a.ts'));
    expect(state().staleReason()).toBe('app/a.ts was removed');
  });

  test('a touched file with the same content is current; .d.ts and other files are not inputs', () => {
    const later = new Date(Date.now() + 10_000);
    fs.utimesSync(path.join(root, 'main.ts'), later, later);
    write('lib/types.d.ts', 'export {};\n');
    write('lib/notes.md', 'notes\n');
    expect(state().staleReason()).toBeUndefined();
  });

  test('the installed package (no tsconfig.build.json) never builds', () => {
    fs.rmSync(path.join(root, 'tsconfig.build.json'));
    fs.rmSync(path.join(root, 'build', 'inputs.json'));
    const r = spawnSync(process.execPath, ['-e', 'console.log(require("./bin/build-state").ensureBuilt())'], { cwd: root, encoding: 'utf-8' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(path.join(root, 'build'));
    expect(r.stderr).toBe('');
  });

  test('the check costs about a millisecond on this project', () => {
    const real = require(path.join(__dirname, '..', '..', 'bin', 'build-state.js'));
    const started = process.hrtime.bigint();
    for (let i = 0; i < 20; i++) real.currentInputs();
    const ms = Number(process.hrtime.bigint() - started) / 1e6 / 20;
    expect(real.currentInputs().length).toBeGreaterThan(40);
    // Generous bound for a loaded CI machine; measured about 1 ms (docs/speed.md).
    expect(ms).toBeLessThan(50);
  });
});

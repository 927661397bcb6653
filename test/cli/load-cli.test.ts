import * as fs from 'fs';
import * as path from 'path';

/**
 * bin/load-cli.js runs the jsii build of cli/ when it is newer than every
 * source, and the TypeScript sources otherwise, so a stale build never runs.
 */
describe('bin/load-cli.js picks the build only when it is fresh', () => {
  let root: string;
  const load = () => {
    const loader = path.join(root, 'bin', 'load-cli.js');
    delete require.cache[loader];
    return require(loader).loadCli('probe');
  };

  beforeEach(() => {
    // Inside the project (build/ is git-ignored), so that ts-node resolves from node_modules.
    const scratch = path.join(__dirname, '..', '..', 'build');
    fs.mkdirSync(scratch, { recursive: true });
    root = fs.mkdtempSync(path.join(scratch, 'load-cli-'));
    for (const dir of ['bin', 'cli', 'lib', 'imports', 'build/cli']) fs.mkdirSync(path.join(root, dir), { recursive: true });
    fs.copyFileSync(path.join(__dirname, '..', '..', 'bin', 'load-cli.js'), path.join(root, 'bin', 'load-cli.js'));
    fs.writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs', strict: true } }));
    fs.writeFileSync(path.join(root, 'cli', 'probe.ts'), "export const from = 'source';\n");
    fs.writeFileSync(path.join(root, 'lib', 'a.ts'), 'export const a = 1;\n');
    fs.writeFileSync(path.join(root, 'build', 'cli', 'probe.js'), "exports.from = 'build';\n");
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const age = (file: string, secondsAgo: number) => {
    const t = new Date(Date.now() - secondsAgo * 1000);
    fs.utimesSync(path.join(root, file), t, t);
  };

  test('a build newer than every source is used', () => {
    age('cli/probe.ts', 60);
    age('lib/a.ts', 60);
    expect(load().from).toBe('build');
  });

  test('a source in a subfolder (cli/rules/) edited after the build wins', () => {
    fs.mkdirSync(path.join(root, 'cli', 'rules'));
    fs.writeFileSync(path.join(root, 'cli', 'rules', 'x.ts'), 'export const x = 1;\n');
    age('build/cli/probe.js', 60);
    age('cli/probe.ts', 120);
    age('lib/a.ts', 120);
    expect(load().from).toBe('source');
  });

  test('a source edited after the build wins', () => {
    age('build/cli/probe.js', 60);
    age('cli/probe.ts', 60);
    expect(load().from).toBe('source');
  });
});

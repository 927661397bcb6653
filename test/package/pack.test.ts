/** What `npm pack` puts in the tarball: compiled library and declarations, no tests, fixtures or manifests. */
import * as fs from 'fs';
import * as path from 'path';
import { dryRunFiles, PACKAGE, ROOT } from './helpers';

describe('npm pack --dry-run', () => {
  const files = dryRunFiles();
  const own = files.filter(f => !f.startsWith('node_modules/'));

  test('lists the compiled JavaScript and the type declarations of every lib/ module', () => {
    const modules = fs.readdirSync(path.join(ROOT, 'lib')).filter(f => f.endsWith('.ts') && !f.endsWith('.d.ts'));
    expect(modules).toContain('index.ts');
    for (const module of modules) {
      const base = module.replace(/\.ts$/, '');
      expect(own).toContain(`build/lib/${base}.js`);
      expect(own).toContain(`build/lib/${base}.d.ts`);
    }
    expect(own).toContain('build/imports/k8s.js');
    expect(own).toContain('build/imports/k8s.d.ts');
  });

  test('lists the cdk8s-stateful command, its compiled modules and the schema validators compiled by the build', () => {
    expect(PACKAGE.bin).toEqual({ 'cdk8s-stateful': 'bin/cdk8s-stateful.js' });
    // Every script of bin/: the command, its synth (bin/synth.js), the build check, the plugin, the preload.
    const bin = fs.readdirSync(path.join(ROOT, 'bin')).filter(f => f.endsWith('.js'));
    expect(bin).toEqual(expect.arrayContaining(['cdk8s-stateful.js', 'synth.js', 'load-cli.js', 'build-state.js', 'cdk8s-plugin.js']));
    for (const script of bin) expect(own).toContain(`bin/${script}`);
    const cli = fs.readdirSync(path.join(ROOT, 'cli')).filter(f => f.endsWith('.ts') && !f.endsWith('.d.ts'));
    expect(cli).toContain('main.ts');
    for (const module of cli) expect(own).toContain(`build/cli/${module.replace(/\.ts$/, '.js')}`);
    // Ajv standalone code (cli/schema-compile.ts): the 3 MB schema itself is not needed at run time.
    const kinds = JSON.parse(fs.readFileSync(path.join(ROOT, 'build', 'cli', 'schema-kinds.json'), 'utf-8'));
    expect(kinds['apps/v1/StatefulSet']).toEqual(['pod-workloads.js', 'io.k8s.api.apps.v1.StatefulSet']);
    expect(own).toContain('build/cli/schema-kinds.json');
    for (const [file] of Object.values<[string, string]>(kinds)) expect(own).toContain(`build/cli/schema-validators/${file}`);
    expect(own).not.toContain('schema/kubernetes/v1.27.0/_definitions.json');
    expect(own).not.toContain('build/inputs.json');
  });

  test('lists the files that main, types and exports point at', () => {
    const targets = [PACKAGE.main, PACKAGE.types, PACKAGE.exports['.'].types, PACKAGE.exports['.'].default]
      .map((p: string) => p.replace(/^\.\//, ''));
    expect(targets).toEqual(['build/lib/index.js', 'build/lib/index.d.ts', 'build/lib/index.d.ts', 'build/lib/index.js']);
    for (const target of targets) expect(own).toContain(target);
    expect(own).toEqual(expect.arrayContaining(['package.json', 'README.md', '.jsii', 'API.md']));
  });

  test('lists no TypeScript sources, tests, fixtures, manifests or build leftovers', () => {
    const unwanted = own.filter(f =>
      /^(lib|app|test|dist|cdk8s\.out|scripts|imports|cli|examples|bench|docs|\.ci|\.github)\//.test(f)
      || /(^|\/)(test|tests|__tests__|fixtures)\//.test(f)
      || /\.test\.(js|ts|d\.ts)$/.test(f)
      || (f.endsWith('.ts') && !f.endsWith('.d.ts'))
      || /(^|\/)(tsconfig[^/]*\.json|tsconfig\.tsbuildinfo|jest[^/]*\.js|package-lock\.json|cdk8s\.yaml)$/.test(f)
      || /^main\.(js|d\.ts)$/.test(f));
    expect(unwanted).toEqual([]);
  });

  test('bundles the runtime dependencies that are not jsii modules', () => {
    for (const dep of PACKAGE.bundledDependencies) {
      expect(PACKAGE.dependencies[dep]).toBeDefined();
      expect(files).toContain(`node_modules/${dep}/package.json`);
    }
  });
});

/**
 * The README's "Use it in your own cdk8s app" folder, examples/consumer-app,
 * built as someone who is not us would: its package.json as shipped, with the
 * library taken from `npm pack` instead of the registry, installed by
 * `npm ci --offline` from the npm cache that the project's own `npm ci`
 * filled (its every dependency must be one this project locks, at the same
 * version). Then its own scripts: `npm test` (tsc + node --test), and
 * `npm run synth` (tsc + `cdk8s-stateful synth`, with the packaged plugin of
 * its cdk8s.yaml). The manifests must validate strictly, hold a volume for
 * every claim, and `dist/` must hold nothing `kubectl apply -f dist` fails on.
 * A bad prop must fail the synth with one line on stderr and leave no manifest.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { parseAllDocuments } from 'yaml';
import { claimName } from '../../lib/names';
import { find, ofKind, expectStrictlyValid } from '../util';
import { integrity, lockClosure, pack, PACKAGE, ROOT, run } from './helpers';

const PEERS = Object.keys(PACKAGE.peerDependencies);
const APP_SOURCE = path.join(ROOT, 'examples', 'consumer-app');
const APP_PACKAGE = JSON.parse(fs.readFileSync(path.join(APP_SOURCE, 'package.json'), 'utf8'));

/**
 * Points the app's dependency on the library at the tarball and writes the
 * package-lock.json that `npm ci` needs: the entries of this project's lock
 * for every other dependency, and the tarball's own entry.
 */
function writeConsumerManifest(appDir: string, tarball: string): void {
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
  const tarballSpec = `file:${path.basename(tarball)}`;
  const dependencies = { ...APP_PACKAGE.dependencies, [PACKAGE.name]: tarballSpec };
  const devDependencies = APP_PACKAGE.devDependencies;
  const others = [...Object.keys(dependencies), ...Object.keys(devDependencies)].filter(n => n !== PACKAGE.name);
  const packages = lockClosure(lock, others);

  // The package's bundled dependencies ship inside the tarball.
  const bundled = lockClosure(lock, PACKAGE.bundledDependencies);
  for (const [key, entry] of Object.entries(bundled)) {
    const { resolved: _r, integrity: _i, ...rest } = entry;
    packages[`node_modules/${PACKAGE.name}/${key}`] = { ...rest, inBundle: true };
  }
  packages[`node_modules/${PACKAGE.name}`] = {
    version: PACKAGE.version,
    resolved: tarballSpec,
    integrity: integrity(tarball),
    license: PACKAGE.license,
    dependencies: PACKAGE.dependencies,
    bundleDependencies: PACKAGE.bundledDependencies,
    peerDependencies: PACKAGE.peerDependencies,
    engines: PACKAGE.engines,
    ...(PACKAGE.bin ? { bin: PACKAGE.bin } : {}),
  };
  const root = { ...APP_PACKAGE, dependencies, devDependencies };
  packages[''] = { name: root.name, version: root.version, dependencies, devDependencies };
  fs.writeFileSync(path.join(appDir, 'package.json'), JSON.stringify(root, null, 2) + '\n');
  // npm reads a lockfile's entries in order: parents before their children.
  const sorted = Object.fromEntries(Object.keys(packages).sort().map(k => [k, packages[k]]));
  fs.writeFileSync(path.join(appDir, 'package-lock.json'),
    JSON.stringify({ name: root.name, version: root.version, lockfileVersion: 3, requires: true, packages: sorted }, null, 2) + '\n');
}

/** The files of `dir`, or none when a failed synth never made it. */
function filesIn(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

/** `npm run NAME` in the app, without throwing: status, stdout, stderr. */
function npmRun(appDir: string, name: string) {
  const r = spawnSync('npm', ['run', name], { cwd: appDir, encoding: 'utf8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('examples/consumer-app, as the README gives it', () => {
  test('its every dependency is pinned to the version this project tests with', () => {
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
    const all = { ...APP_PACKAGE.dependencies, ...APP_PACKAGE.devDependencies };
    expect(all[PACKAGE.name]).toBe(PACKAGE.version);
    for (const [name, version] of Object.entries(all)) {
      if (name === PACKAGE.name) continue;
      expect(`${name}@${version}`).toBe(`${name}@${lock.packages[`node_modules/${name}`].version}`);
    }
    for (const peer of Object.keys(PACKAGE.peerDependencies)) expect(APP_PACKAGE.dependencies[peer]).toBeDefined();
    expect(Object.keys(APP_PACKAGE.devDependencies).sort()).toEqual(['@types/node', 'cdk8s-cli', 'typescript']);
  });
});

describe('a cdk8s app that installs the packed library', () => {
  let work: string;
  let appDir: string;
  let objects: any[];
  let synthOutput: string;
  let testOutput: string;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-stateful-consumer-'));
    appDir = path.join(work, 'my-app');
    fs.mkdirSync(appDir);
    for (const file of fs.readdirSync(APP_SOURCE).filter(f => !f.endsWith('.js'))) {
      fs.copyFileSync(path.join(APP_SOURCE, file), path.join(appDir, file));
    }
    const tarball = pack(appDir);
    writeConsumerManifest(appDir, tarball);
    // --offline: npm fetches nothing and fails (ENOTCACHED) on anything the
    // cache does not hold. Install scripts are skipped: none is ours.
    run('npm', ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], appDir);
    testOutput = run('npm', ['test'], appDir);
    synthOutput = run('npm', ['run', 'synth'], appDir);
    objects = fs.readdirSync(path.join(appDir, 'dist'))
      .filter(f => f.endsWith('.yaml'))
      .flatMap(f => parseAllDocuments(fs.readFileSync(path.join(appDir, 'dist', f), 'utf8')).map(d => d.toJS()))
      .filter(o => o !== null);
  });

  afterAll(() => {
    if (work && !process.env.KEEP_CONSUMER_APP) fs.rmSync(work, { recursive: true, force: true });
  });

  test('npm test: its own test passes (tsc, node --test)', () => {
    expect(testOutput).toMatch(/# pass 1\n/);
    expect(testOutput).toMatch(/# fail 0\n/);
  });

  test('dist/ holds the manifests only: kubectl apply -f dist reads every .json, .yaml and .yml file', () => {
    // cdk8s-cli had the app write construct-metadata.json (validations are
    // configured); the packaged plugin deleted it after reading.
    expect(fs.readdirSync(path.join(appDir, 'dist'))).toEqual(['my-chart.k8s.yaml']);
    expect(run('npx', ['--no', 'cdk8s-stateful', 'validate', 'dist'], appDir)).toMatch(/\b0 errors\b/);
  });

  test('resolves the library from the tarball, with the peers shared, not nested', () => {
    const installed = path.join(appDir, 'node_modules', PACKAGE.name);
    expect(require.resolve(PACKAGE.name, { paths: [appDir] })).toBe(path.join(installed, PACKAGE.main));
    expect(fs.existsSync(path.join(installed, 'lib'))).toBe(false);
    for (const peer of PEERS) {
      expect(fs.existsSync(path.join(appDir, 'node_modules', peer, 'package.json'))).toBe(true);
      expect(fs.existsSync(path.join(installed, 'node_modules', peer))).toBe(false);
    }
  });

  test('synthesizes the README chart: the StatefulSet, its headless Service and pre-bound NFS volumes', () => {
    const web = find(objects, 'StatefulSet', 'web');
    expect(web.spec.replicas).toBe(1);
    expect(web.spec.serviceName).toBe('web-headless');
    expect(find(objects, 'Service', 'web-headless').spec.clusterIP).toBe('None');
    expect(ofKind(objects, 'PersistentVolume').map(pv => pv.spec.nfs.path).sort()).toEqual(['/exports/web-0']);
  });

  test('validates strictly against the Kubernetes 1.27 schema', () => {
    expect(objects.length).toBeGreaterThan(0);
    expectStrictlyValid(objects);
  });

  test('npm run synth ran the packaged validation plugin, which passed', () => {
    expect(synthOutput).toMatch(/Validation Report \(\S*node_modules\/cdk8s-stateful\/bin\/cdk8s-plugin\.js@0\.1\.0\)/);
    expect(synthOutput).toMatch(/Status\s*│\s*success/);
  });

  test('the packaged cdk8s-stateful command validates the manifests', () => {
    const out = run('npx', ['--no', 'cdk8s-stateful', 'validate', 'dist'], appDir);
    expect(out).toMatch(/\b0 errors\b/);
  });

  test('every claim of every replica has a volume (cdk8s-stateful plan)', () => {
    const rows: any[] = JSON.parse(run('npx', ['--no', 'cdk8s-stateful', 'plan', '--format', 'json', 'dist'], appDir));
    const expected = ofKind(objects, 'StatefulSet').flatMap(sts => sts.spec.volumeClaimTemplates.flatMap((t: any) =>
      Array.from({ length: sts.spec.replicas }, (_, ordinal) => claimName(t.metadata.name, sts.metadata.name, ordinal))));
    expect(expected).toEqual(['data-web-0']);
    expect(rows.map(r => [r.claim, r.status, r.volume])).toEqual([['data-web-0', 'pre-bound', 'data-web-pv-1']]);
  });

  test('a bad prop: npm run synth fails with one line naming object, field, value and fix, and leaves no manifest', () => {
    const chart = path.join(appDir, 'chart.ts');
    const good = fs.readFileSync(chart, 'utf8');
    try {
      const bad = good.replace('replicas: 1,', 'replicas: -1,');
      expect(bad).not.toBe(good);
      fs.writeFileSync(chart, bad);
      const r = npmRun(appDir, 'synth');
      expect(r.status).not.toBe(0);
      expect(r.stderr).toBe('error: statefulset web: replicas -1 is not a whole number >= 0; give e.g. 1\n');
      expect(filesIn(path.join(appDir, 'dist'))).toEqual([]);
    } finally {
      fs.writeFileSync(chart, good);
    }
  });

  test('two workloads of one name: refused before anything is written, in one line', () => {
    const main = path.join(appDir, 'main.ts');
    const good = fs.readFileSync(main, 'utf8');
    try {
      const twice = good.replace("new MyChart(app, 'my-chart');", "new MyChart(app, 'my-chart');\nnew MyChart(app, 'other-chart');");
      expect(twice).not.toBe(good);
      fs.writeFileSync(main, twice);
      const r = npmRun(appDir, 'synth');
      expect(r.status).not.toBe(0);
      expect(r.stderr.split('\n').filter(l => l !== '').every(l => l.startsWith('error: '))).toBe(true);
      expect(r.stderr).toMatch(/^error: statefulset default\/web: name is given to 2 objects \(my-chart\/web\/Resource, other-chart\/web\/Resource\); give each a name of its own/m);
      expect(filesIn(path.join(appDir, 'dist'))).toEqual([]);
    } finally {
      fs.writeFileSync(main, good);
    }
  });
});

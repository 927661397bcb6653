/**
 * Installs the packed library into a fresh cdk8s app, as someone who is not
 * us would: the tarball plus its peers, offline from the npm cache that the
 * project's own `npm ci` filled. The app (consumer-app/main.ts, the chart the
 * README shows) builds two stateful services, is type-checked against the
 * package's .d.ts files, synthesized with `cdk8s synth`, and its manifests
 * must validate strictly, with a volume for every claim. The package's own
 * command, `cdk8s-stateful`, runs from the tarball too: as the validation
 * plugin of that synth (consumer-app/cdk8s.yaml), and as `validate` and `plan`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { claimName } from '../../lib/names';
import { find, ofKind, expectStrictlyValid } from '../util';
import { integrity, lockClosure, pack, PACKAGE, ROOT, run } from './helpers';

const PEERS = Object.keys(PACKAGE.peerDependencies);
const APP_SOURCE = path.join(__dirname, 'consumer-app');

/** Writes package.json and package-lock.json of the consumer app. */
function writeConsumerManifest(appDir: string, tarball: string): void {
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
  // The peers, at the versions this project tests with, and the app's own compiler.
  const packages = lockClosure(lock, [...PEERS, 'typescript']);
  const version = (name: string) => packages[`node_modules/${name}`].version!;
  const tarballSpec = `file:${path.basename(tarball)}`;
  const dependencies: { [name: string]: string } = { [PACKAGE.name]: tarballSpec };
  for (const peer of PEERS) dependencies[peer] = version(peer);
  const devDependencies = { typescript: version('typescript') };

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
  const root = { name: 'ledger-app', version: '1.0.0', private: true, dependencies, devDependencies };
  packages[''] = { name: root.name, version: root.version, dependencies, devDependencies };
  fs.writeFileSync(path.join(appDir, 'package.json'), JSON.stringify(root, null, 2) + '\n');
  // npm reads a lockfile's entries in order: parents before their children.
  const sorted = Object.fromEntries(Object.keys(packages).sort().map(k => [k, packages[k]]));
  fs.writeFileSync(path.join(appDir, 'package-lock.json'),
    JSON.stringify({ name: root.name, version: root.version, lockfileVersion: 3, requires: true, packages: sorted }, null, 2) + '\n');
}

describe('a cdk8s app that installs the packed library', () => {
  let work: string;
  let appDir: string;
  let objects: any[];
  let synthOutput: string;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-stateful-consumer-'));
    appDir = path.join(work, 'ledger-app');
    fs.mkdirSync(appDir);
    for (const file of fs.readdirSync(APP_SOURCE)) {
      fs.copyFileSync(path.join(APP_SOURCE, file), path.join(appDir, file));
    }
    const tarball = pack(appDir);
    writeConsumerManifest(appDir, tarball);
    // --offline: npm fetches nothing and fails (ENOTCACHED) on anything the
    // cache does not hold. Install scripts are skipped: none is ours.
    run('npm', ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], appDir);
    run(process.execPath, [path.join(appDir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], appDir);
    synthOutput = run(process.execPath, [path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s'), 'synth'], appDir);
    objects = fs.readdirSync(path.join(appDir, 'dist'))
      .filter(f => f.endsWith('.yaml'))
      .flatMap(f => parseAllDocuments(fs.readFileSync(path.join(appDir, 'dist', f), 'utf8')).map(d => d.toJS()))
      .filter(o => o !== null);
  });

  afterAll(() => {
    if (work && !process.env.KEEP_CONSUMER_APP) fs.rmSync(work, { recursive: true, force: true });
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

  test('synthesizes both services in their own namespace', () => {
    const ledger = find(objects, 'StatefulSet', 'ledger');
    expect(ledger.metadata.namespace).toBe('payments');
    expect(ledger.spec.replicas).toBe(2);
    expect(ledger.spec.serviceName).toBe('ledger-headless');
    expect(find(objects, 'Service', 'ledger-headless').spec.clusterIP).toBe('None');
    const journal = ledger.spec.volumeClaimTemplates.find((t: any) => t.metadata.name === 'journal');
    expect(find(objects, 'StorageClass', journal.spec.storageClassName).provisioner).toBe('nfs.csi.k8s.io');

    const cache = find(objects, 'StatefulSet', 'ledger-cache');
    expect(cache.metadata.namespace).toBe('payments');
    expect(cache.spec.replicas).toBe(3);
    expect(ofKind(objects, 'PersistentVolume').map(pv => pv.spec.nfs.path).sort())
      .toEqual(['/exports/ledger-cache/0', '/exports/ledger-cache/1', '/exports/ledger-cache/2']);
    for (const o of objects.filter(x => !['PersistentVolume', 'StorageClass'].includes(x.kind))) {
      expect(`${o.kind}/${o.metadata.name} ${o.metadata.namespace}`).toBe(`${o.kind}/${o.metadata.name} payments`);
    }
  });

  test('validates strictly against the Kubernetes 1.27 schema', () => {
    expect(objects.length).toBeGreaterThan(0);
    expectStrictlyValid(objects);
  });

  test('cdk8s synth ran the packaged validation plugin, which passed', () => {
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
    expect(expected).toHaveLength(5);
    expect(rows.map(r => r.claim).sort()).toEqual(expected.sort());
    expect(rows.filter(r => r.status === 'pending').map(r => `${r.claim}: ${r.note}`)).toEqual([]);
    const status = (claim: string) => rows.find(r => r.claim === claim).status;
    expect(['journal-ledger-0', 'journal-ledger-1'].map(status)).toEqual(['dynamic', 'dynamic']);
    expect(['cache-ledger-cache-0', 'cache-ledger-cache-1', 'cache-ledger-cache-2'].map(status)).toEqual(['pre-bound', 'pre-bound', 'pre-bound']);
    expect(rows.find(r => r.claim === 'cache-ledger-cache-1').volume).toBe('cache-ledger-cache-pv-2');
  });
});

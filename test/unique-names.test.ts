/**
 * Two objects with one kind, namespace and name are refused before anything is
 * written: kubectl apply would let the last replace the first.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { StatefulWorkload } from '../lib';

function tempApp(): App {
  return new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'unique-names-')) });
}

describe('duplicate object names', () => {
  test('two workloads of one name in two charts: refused by App.synth, nothing written', () => {
    const app = tempApp();
    new StatefulWorkload(new Chart(app, 'a', { disableResourceNameHashes: true }), 'web', { image: 'web:1', namespace: 'shop' });
    new StatefulWorkload(new Chart(app, 'b', { disableResourceNameHashes: true }), 'web', { image: 'web:1', namespace: 'shop' });
    expect(() => app.synth()).toThrow(/statefulset shop\/web: name is given to 2 objects \(a\/web\/Resource, b\/web\/Resource\); give each a name of its own/);
    expect(fs.readdirSync(app.outdir)).toEqual([]);
    // Registered on the root once, however many workloads: each clash is reported once.
    expect(app.node.validate().filter(e => e.startsWith('statefulset shop/web:'))).toHaveLength(1);
  });

  test('two workloads of one name under different ids of one chart: refused', () => {
    const app = tempApp();
    const chart = new Chart(app, 'c', { disableResourceNameHashes: true });
    new StatefulWorkload(chart, 'one', { name: 'db', image: 'db:1' });
    new StatefulWorkload(chart, 'two', { name: 'db', image: 'db:1' });
    // The Services are named after the workload too, so both collide.
    expect(() => app.synth()).toThrow(/statefulset db: name is given to 2 objects/);
    expect(() => app.synth()).toThrow(/service db-headless: name is given to 2 objects/);
  });

  test('one name in two namespaces is two objects', () => {
    const app = tempApp();
    const chart = new Chart(app, 'c', { disableResourceNameHashes: true });
    new StatefulWorkload(chart, 'one', { name: 'db', image: 'db:1', namespace: 'a' });
    new StatefulWorkload(chart, 'two', { name: 'db', image: 'db:1', namespace: 'b' });
    expect(() => app.synth()).not.toThrow();
    expect(app.node.validate()).toEqual([]);
    expect(fs.readdirSync(app.outdir)).toEqual(['c.k8s.yaml']);
  });
});

import * as fs from 'fs';
import * as path from 'path';
import { Size } from 'cdk8s';
import { ImagePullPolicy, PersistentVolumeAccessMode } from 'cdk8s-plus-27';
import { parseAllDocuments } from 'yaml';
import { HeadlessService, NfsStorage, SecurityBaseline, StatefulWorkload, VolumeClaimTemplate } from '../lib';
import { expectStrictlyValid, find, newChart, synth } from './util';

/** The five objects of the article, copied from ../shared/seed/manifests. */
function seedObjects(): any[] {
  const dir = path.join(__dirname, 'fixtures', 'seed');
  return fs.readdirSync(dir).sort().flatMap(file =>
    parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf-8')).map(d => d.toJSON()));
}

/** The constructs configured as the seed: unbound static PVs, ReadOnlyMany, no extras. */
function seedChart() {
  const chart = newChart();
  const service = new HeadlessService(chart, 'k8sdemo-service', { ports: [{ port: 80, targetPort: 80 }] });
  const data = new VolumeClaimTemplate({
    name: 'data',
    storageSize: Size.mebibytes(100),
    accessModes: [PersistentVolumeAccessMode.READ_ONLY_MANY],
    storageClassName: 'k8sdemo-sc',
    nfs: NfsStorage.staticVolumes({ server: '192.168.124.21', preBind: false }),
  });
  new StatefulWorkload(chart, 'k8sdemo', {
    replicas: 3,
    image: 'beckjin/k8sdemo:1.2.0',
    imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
    selectorLabels: { name: 'k8sdemo' },
    service,
    volumeClaimTemplates: [data],
    volumeMounts: [{ path: '/app/Data', template: data }],
    // The seed has no security settings and no PodDisruptionBudget: opt out of both defaults explicitly.
    securityBaseline: SecurityBaseline.NONE,
    podDisruptionBudget: false,
  });
  return chart;
}

describe('golden: the constructs reproduce the seed', () => {
  const seed = seedObjects();
  const out = synth(seedChart());

  test('the same five objects, no more', () => {
    const key = (o: any) => `${o.kind}/${o.metadata.name}`;
    expect(out.map(key).sort()).toEqual(seed.map(key).sort());
    expect(out).toHaveLength(5);
  });

  test.each(seedObjects().map(o => [`${o.kind}/${o.metadata.name}`, o]))('%s field for field', (_, expected: any) => {
    expect(find(out, expected.kind, expected.metadata.name)).toStrictEqual(expected);
  });

  test('the seed output validates strictly', () => {
    expectStrictlyValid(out);
  });
});

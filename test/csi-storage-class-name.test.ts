/**
 * The default name of the CSI StorageClass does not stutter when the claim
 * template is named like the StatefulSet, and every other default stays (a
 * template's storageClassName cannot change on a live StatefulSet:
 * ValidateStatefulSetUpdate refuses updates to spec.volumeClaimTemplates).
 */
import { Size } from 'cdk8s';
import { diffManifests } from '../cli/diff';
import { NfsStorage, StatefulWorkload, VolumeClaimTemplate } from '../lib';
import { find, newChart, synth } from './util';

function objectsOf(statefulSet: string, template: string, storageClassName?: string): any[] {
  const chart = newChart();
  const t = new VolumeClaimTemplate({
    name: template, storageSize: Size.gibibytes(1), storageClassName,
    nfs: NfsStorage.csiDriver({ server: 'nfs.example.com', share: '/exports' }),
  });
  new StatefulWorkload(chart, statefulSet, { image: 'app:1', volumeClaimTemplates: [t], volumeMounts: [{ path: '/data', template: t }] });
  return synth(chart);
}

function classOf(statefulSet: string, template: string, storageClassName?: string): { sc: string; claims: string } {
  const objects = objectsOf(statefulSet, template, storageClassName);
  const sts = find(objects, 'StatefulSet', statefulSet);
  const sc = objects.filter(o => o.kind === 'StorageClass').map(o => o.metadata.name);
  expect(sc).toHaveLength(1);
  return { sc: sc[0], claims: sts.spec.volumeClaimTemplates[0].spec.storageClassName };
}

describe('default CSI StorageClass name', () => {
  test('template named like the StatefulSet: <statefulset>-nfs-csi, not media-media-nfs-csi', () => {
    expect(classOf('media', 'media')).toEqual({ sc: 'media-nfs-csi', claims: 'media-nfs-csi' });
  });

  test('any other template keeps <template>-<statefulset>-nfs-csi, the name existing claims use', () => {
    expect(classOf('web', 'data')).toEqual({ sc: 'data-web-nfs-csi', claims: 'data-web-nfs-csi' });
  });

  test('an app applied before the change keeps the old name by giving it', () => {
    expect(classOf('media', 'media', 'media-media-nfs-csi')).toEqual({ sc: 'media-media-nfs-csi', claims: 'media-media-nfs-csi' });
  });

  test('an app applied with the old name is warned before apply: diff reports the new name as refused', () => {
    const asManifests = (objects: any[]) => objects.map((object, i) => ({ file: 'dist/x.yaml', line: i + 1, object }));
    const before = asManifests(objectsOf('media', 'media', 'media-media-nfs-csi'));
    const after = asManifests(objectsOf('media', 'media'));
    const errors = diffManifests(before, after).findings.filter(f => f.severity === 'error');
    expect(errors.map(f => `${f.kind} ${f.name} ${f.field}`)).toContainEqual(expect.stringMatching(/^StatefulSet media spec\.volumeClaimTemplates/));
  });
});

/**
 * The default name of the CSI StorageClass does not stutter when the claim
 * template is named like the StatefulSet, and every other default stays (a
 * template's storageClassName cannot change on a live StatefulSet:
 * ValidateStatefulSetUpdate refuses updates to spec.volumeClaimTemplates).
 */
import { Size } from 'cdk8s';
import { NfsStorage, StatefulWorkload, VolumeClaimTemplate } from '../lib';
import { find, newChart, synth } from './util';

function classOf(statefulSet: string, template: string, storageClassName?: string): { sc: string; claims: string } {
  const chart = newChart();
  const t = new VolumeClaimTemplate({
    name: template, storageSize: Size.gibibytes(1), storageClassName,
    nfs: NfsStorage.csiDriver({ server: 'nfs.example.com', share: '/exports' }),
  });
  new StatefulWorkload(chart, statefulSet, { image: 'app:1', volumeClaimTemplates: [t], volumeMounts: [{ path: '/data', template: t }] });
  const objects = synth(chart);
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
});

import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { Testing } from 'cdk8s';
import { MyChart } from './chart';

test('the pod gets its own NFS export, pre-bound to its claim', () => {
  const objects = Testing.synth(new MyChart(Testing.app(), 'test'));
  const volumes = objects.filter(o => o.kind === 'PersistentVolume');
  assert.deepEqual(volumes.map(pv => [pv.spec.claimRef.name, pv.spec.nfs.path]), [['data-web-0', '/exports/web-0']]);
});

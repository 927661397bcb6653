import { Chart, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { NfsStorage, StatefulWorkload, VolumeClaimTemplate } from 'cdk8s-stateful';

export class MyChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { disableResourceNameHashes: true });
    const data = new VolumeClaimTemplate({
      name: 'data',
      storageSize: Size.mebibytes(100),
      storageClassName: 'nfs-static',
      nfs: NfsStorage.staticVolumes({ server: 'nfs.example.com', exportPathPattern: '/exports/{statefulset}-{ordinal}' }),
    });
    new StatefulWorkload(this, 'web', {
      namespace: 'default',
      replicas: 1,
      // Restricted by default: an image that runs as non-root (uid 101) on a high port
      image: 'nginxinc/nginx-unprivileged:1.27',
      podSecurity: { runAsUser: 101 },
      ports: [{ containerPort: 8080, name: 'http' }],
      volumeClaimTemplates: [data],
      // nginx only reads the pages, so NFS ownership does not matter
      volumeMounts: [{ path: '/usr/share/nginx/html', template: data, readOnly: true }],
    });
  }
}

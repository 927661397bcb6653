import { App, Chart, ChartProps, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { NfsStorage, StatefulWorkload, VolumeClaimTemplate } from 'cdk8s-stateful';

/** A ledger database and its cache: two stateful services in one chart. */
export class LedgerChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    // Stable names: no hash suffixes, so a re-synth never renames a claim.
    super(scope, id, { ...props, disableResourceNameHashes: true });

    // 2 replicas; the CSI NFS driver provisions one volume per claim.
    const journal = new VolumeClaimTemplate({
      name: 'journal',
      storageSize: Size.gibibytes(5),
      nfs: NfsStorage.csiDriver({ server: 'nfs.payments.example.com', share: '/exports/ledger' }),
    });
    new StatefulWorkload(this, 'ledger', {
      namespace: 'payments',
      replicas: 2,
      image: 'postgres:16.4',
      ports: [{ containerPort: 5432, name: 'postgres' }],
      volumeClaimTemplates: [journal],
      volumeMounts: [{ path: '/var/lib/postgresql/data', template: journal }],
    });

    // 3 replicas on hand-made NFS PersistentVolumes, one export per pod.
    const cache = new VolumeClaimTemplate({
      name: 'cache',
      storageSize: Size.mebibytes(512),
      storageClassName: 'ledger-cache-nfs',
      nfs: NfsStorage.staticVolumes({ server: '10.20.0.5', exportPathPattern: '/exports/ledger-cache/{ordinal}' }),
    });
    new StatefulWorkload(this, 'ledger-cache', {
      namespace: 'payments',
      replicas: 3,
      image: 'redis:7.4',
      ports: [{ containerPort: 6379, name: 'redis' }],
      volumeClaimTemplates: [cache],
      volumeMounts: [{ path: '/data', template: cache }],
    });
  }
}

const app = new App();
new LedgerChart(app, 'ledger');
app.synth();

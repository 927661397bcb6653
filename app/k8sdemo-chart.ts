import { Chart, ChartProps } from 'cdk8s';
import { EnvFieldPaths, EnvValue, PersistentVolumeAccessMode, PersistentVolumeReclaimPolicy } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { K8sDemoConfig } from './config';
import { NfsStorage, StatefulWorkload, VolumeClaimTemplate } from '../lib';
import { parseSize } from '../lib/quantity';

/** Properties of the k8sdemo chart. */
export interface K8sDemoChartProps extends ChartProps {
  /** Per-cluster settings, from `loadConfig()`. */
  readonly config: K8sDemoConfig;
}

/**
 * The k8sdemo app of the article: a StatefulSet of `beckjin/k8sdemo`, its
 * headless Service and one NFS volume per pod at /app/Data, where the app's
 * log4net file appender writes.
 */
export class K8sDemoChart extends Chart {
  /** The stateful workload. */
  public readonly workload: StatefulWorkload;

  constructor(scope: Construct, id: string, props: K8sDemoChartProps) {
    super(scope, id, { ...props, disableResourceNameHashes: true });
    const c = props.config;
    const nfs = c.nfsMode === 'csi'
      ? NfsStorage.csiDriver({ server: c.nfsServer, share: c.nfsShare })
      : NfsStorage.staticVolumes({
        server: c.nfsServer,
        exportPathPattern: c.nfsExportPattern,
        volumeNamePattern: c.nfsVolumeNamePattern,
        preBind: c.nfsPreBind,
        reclaimPolicy: PersistentVolumeReclaimPolicy.RETAIN,
      });
    const data = new VolumeClaimTemplate({
      name: 'data',
      storageSize: parseSize('config', 'storage.size', c.storageSize),
      accessModes: [c.accessMode as PersistentVolumeAccessMode],
      storageClassName: c.storageClass,
      nfs,
    });
    this.workload = new StatefulWorkload(this, 'k8sdemo', {
      name: c.name,
      namespace: c.namespace,
      replicas: c.replicas,
      image: c.image,
      selectorLabels: { name: c.name },
      serviceName: c.serviceName,
      ports: [{ containerPort: 80, name: 'http' }],
      env: { POD_NAME: EnvValue.fromFieldRef(EnvFieldPaths.POD_NAME) },
      volumeClaimTemplates: [data],
      volumeMounts: [{ path: '/app/Data', template: data }],
    });
  }
}

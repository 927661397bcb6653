import { EnvFieldPaths, EnvValue, PersistentVolumeAccessMode, PersistentVolumeReclaimPolicy } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { K8sDemoConfig } from './config';
import { NfsStorage, StatefulWorkload, VolumeClaimTemplate } from '../lib';
import { parseSize } from '../lib/quantity';

/**
 * User and group id the app runs as. The image (ASP.NET Core 3.x) declares no
 * USER, so it would run as root; any non-root id works, because the app only
 * writes to /app/Data (the NFS volume) and /tmp.
 */
export const K8SDEMO_UID = 1000;

/**
 * Port the app listens on. The image listens on 80, which a non-root user
 * without NET_BIND_SERVICE cannot bind; `ASPNETCORE_URLS` moves it to 8080
 * and the Service keeps port 80, so clients see no change.
 */
export const K8SDEMO_HTTP_PORT = 8080;

/** Properties of the k8sdemo constructs. */
export interface K8sDemoProps {
  /** Per-cluster settings, from `loadConfig()`. */
  readonly config: K8sDemoConfig;
}

/**
 * The k8sdemo app of the article: a StatefulSet of `beckjin/k8sdemo`, its
 * headless Service, one NFS volume per pod at /app/Data, where the app's
 * log4net file appender writes, and a PodDisruptionBudget.
 *
 * Every object name comes from the config, never from the construct path, so
 * this construct can be moved under any scope without renaming anything.
 * It runs under Pod Security "restricted": non-root uid 1000, port 8080.
 */
export class K8sDemo extends Construct {
  /** The stateful workload. */
  public readonly workload: StatefulWorkload;

  constructor(scope: Construct, id: string, props: K8sDemoProps) {
    super(scope, id);
    const c = props.config;
    const nfs = c.nfsMode === 'csi'
      ? NfsStorage.csiDriver({ server: c.nfsServer, share: c.nfsShare })
      : NfsStorage.staticVolumes({
        server: c.nfsServer,
        exportPathPattern: c.nfsExportPathPattern,
        volumeNamePattern: c.nfsVolumeNamePattern,
        preBind: c.nfsPreBind,
        reclaimPolicy: PersistentVolumeReclaimPolicy.RETAIN,
      });
    const data = new VolumeClaimTemplate({
      name: 'data',
      storageSize: parseSize('config', 'storage.storageSize', c.storageSize),
      accessModes: [c.accessMode as PersistentVolumeAccessMode],
      storageClassName: c.storageClassName,
      nfs,
    });
    this.workload = new StatefulWorkload(this, 'k8sdemo', {
      name: c.name,
      namespace: c.namespace,
      replicas: c.replicas,
      image: c.image,
      selectorLabels: { name: c.name },
      serviceName: c.serviceName,
      ports: [{ containerPort: K8SDEMO_HTTP_PORT, servicePort: 80, name: 'http' }],
      env: {
        POD_NAME: EnvValue.fromFieldRef(EnvFieldPaths.POD_NAME),
        ASPNETCORE_URLS: EnvValue.fromValue(`http://+:${K8SDEMO_HTTP_PORT}`),
      },
      // The restricted baseline, plus a non-root id: the image has no USER.
      // fsGroup makes the /tmp emptyDir group-writable; NFS ignores it, so the
      // exports must be writable by uid 1000 on the server (README "Security").
      podSecurity: { runAsUser: K8SDEMO_UID, runAsGroup: K8SDEMO_UID, fsGroup: K8SDEMO_UID },
      volumeClaimTemplates: [data],
      volumeMounts: [{ path: '/app/Data', template: data }],
    });
  }
}

import { EnvFieldPaths, EnvValue, PersistentVolumeAccessMode, PersistentVolumeReclaimPolicy } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { K8sDemoConfig } from './config';
import { NfsStorage, PodSpread, Probe, StatefulWorkload, VolumeClaimTemplate } from '../lib';
import { parseSize } from '../lib/quantity';

/**
 * User and group id the app runs as. The image (ASP.NET Core 3.x) declares no
 * USER, so it would run as root; any non-root id works, because the app only
 * writes to /app/Data (the NFS volume) and /tmp.
 */
export const K8SDEMO_UID = 1000;

/**
 * Port the app listens on: the image's own, 80 (its ASP.NET Core 3.x base
 * image sets `ASPNETCORE_URLS=http://+:80`: dotnet/dotnet-docker,
 * 3.1/runtime-deps/buster-slim/amd64/Dockerfile). It is also the headless Service's
 * port and targetPort: pod DNS names resolve to the pod IP, so clients of
 * `k8sdemo-1.k8sdemo-service` connect to this very port. The non-root user
 * binds it through the pod sysctl `net.ipv4.ip_unprivileged_port_start`, which
 * `StatefulWorkload` adds for ports below 1024; it is a kubelet "safe" sysctl
 * since Kubernetes 1.22 (`SafeSysctlAllowlist`) and allowed by Pod Security
 * baseline and restricted in every policy version (`CheckSysctls`,
 * `sysctlsAllowedV1Dot0`); see lib/headless-ports.ts.
 */
export const K8SDEMO_HTTP_PORT = 80;

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
 * It runs under Pod Security "restricted": non-root uid 1000 on port 80.
 * Before the app starts, an init container checks that uid 1000 can write to
 * /app/Data, so root-owned NFS exports stop the rollout with the fix in
 * `kubectl describe pod` instead of silently losing the logs. A TCP readiness
 * probe keeps each pod out of DNS, and the next pod unstarted, until Kestrel
 * listens.
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
      ports: [{ containerPort: K8SDEMO_HTTP_PORT, name: 'http' }],
      env: {
        POD_NAME: EnvValue.fromFieldRef(EnvFieldPaths.POD_NAME),
      },
      // Ready once Kestrel accepts connections. The endpointslice controller
      // publishes a pod's address, and with it its DNS record, only when the pod
      // is Ready (`podToEndpoint`; the Service has no publishNotReadyAddresses),
      // and OrderedReady starts pod N+1 only when pod N is running and ready
      // (`isRunningAndReady`). Without a readiness probe the kubelet reports the
      // container ready as soon as it starts, before Kestrel listens (the prober
      // manager's `UpdatePodStatus`: no probe worker means ready). A TCP probe
      // (`DoTCPProbe` in pkg/probe/tcp: connect, then close) sends no HTTP
      // request, so the app, which logs every request, logs nothing for it.
      readinessProbe: Probe.fromTcpSocket({ port: K8SDEMO_HTTP_PORT }),
      // The restricted baseline, plus a non-root id: the image has no USER.
      // fsGroup makes the /tmp emptyDir group-writable; NFS ignores it, so the
      // exports must be writable by uid 1000 on the server, which the
      // check-writable init container verifies (README "Try it on a cluster").
      podSecurity: { runAsUser: K8SDEMO_UID, runAsGroup: K8SDEMO_UID, fsGroup: K8SDEMO_UID },
      volumeClaimTemplates: [data],
      volumeMounts: [{ path: '/app/Data', template: data, checkWritable: true }],
      // Soft anti-affinity: the replicas go to different nodes when the cluster
      // has them (one node failure takes one pod), and still all schedule on a
      // one-node test cluster, which a required rule would leave Pending.
      podSpread: PodSpread.PREFERRED_ANTI_AFFINITY,
    });
  }
}

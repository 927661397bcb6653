/**
 * The app of the scaling benchmark (bench/run.js, part c): `workloads`
 * stateful workloads of `replicas` replicas each, with static NFS
 * PersistentVolumes, in one chart. Modes:
 *
 * - `constructs`: through this library (StatefulWorkload, VolumeClaimTemplate,
 *   NfsStorage.staticVolumes), with all its checks;
 * - `checked`: the same, then strict schema validation and the claim/volume
 *   plan of every synthesized object, in the same process;
 * - `l1`: the same objects written as plain L1 classes of imports/k8s.ts,
 *   without any validation: the baseline.
 *
 * usage: node scale.js constructs|checked|l1 WORKLOADS REPLICAS
 * Writes $CDK8S_OUTDIR/scale.k8s.yaml; the harness checks that all modes
 * write the same bytes.
 */
import { App, Chart, Size } from 'cdk8s';
import { PersistentVolumeAccessMode, PersistentVolumeReclaimPolicy } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { IntOrString, KubePersistentVolume, KubePodDisruptionBudget, KubeService, KubeStatefulSet, Quantity } from '../../imports/k8s';
import { NfsStorage, StatefulWorkload, VolumeClaimTemplate } from '../../lib';
import { claimName, expandPattern } from '../../lib/names';

const SERVER = '192.168.124.21';
const EXPORT = '/exports/{statefulset}/{template}{number}';
const PV_NAME = '{template}-{statefulset}-pv-{number}';
const IMAGE = 'beckjin/k8sdemo:1.2.0';
const NAMESPACE = 'default';
const CLASS = 'bench-sc';

/** A chart that keeps the objects App.synth() rendered, so checks need not render them again. */
class ScaleChart extends Chart {
  public rendered: any[] = [];
  public toJson(): any[] {
    this.rendered = super.toJson();
    return this.rendered;
  }
}

function workloadName(i: number): string {
  return `app-${i}`;
}

function withConstructs(chart: Construct, workloads: number, replicas: number): void {
  const nfs = NfsStorage.staticVolumes({
    server: SERVER, exportPathPattern: EXPORT, volumeNamePattern: PV_NAME, preBind: true,
    reclaimPolicy: PersistentVolumeReclaimPolicy.RETAIN,
  });
  const data = new VolumeClaimTemplate({
    name: 'data', storageSize: Size.mebibytes(100), accessModes: [PersistentVolumeAccessMode.READ_WRITE_ONCE],
    storageClassName: CLASS, nfs,
  });
  for (let i = 0; i < workloads; i++) {
    const name = workloadName(i);
    new StatefulWorkload(chart, name, {
      name, namespace: NAMESPACE, replicas, image: IMAGE,
      selectorLabels: { name },
      serviceName: `${name}-svc`,
      ports: [{ containerPort: 80, name: 'http' }],
      volumeClaimTemplates: [data],
      volumeMounts: [{ path: '/app/Data', template: data }],
    });
  }
}

/** The objects StatefulWorkload writes with its defaults (security context, PodDisruptionBudget), typed by hand with the L1 classes. */
function withL1(chart: Construct, workloads: number, replicas: number): void {
  for (let i = 0; i < workloads; i++) {
    const name = workloadName(i);
    const service = `${name}-svc`;
    new KubeService(chart, `${name}-service`, {
      metadata: { name: service, namespace: NAMESPACE },
      spec: {
        clusterIp: 'None',
        ports: [{ name: 'http', port: 80, targetPort: IntOrString.fromNumber(80) }],
        selector: { name },
      },
    });
    for (let ordinal = 0; ordinal < replicas; ordinal++) {
      const values = { template: 'data', statefulSet: name, ordinal };
      new KubePersistentVolume(chart, `${name}-pv-${ordinal}`, {
        metadata: { name: expandPattern(PV_NAME, values) },
        spec: {
          nfs: { server: SERVER, path: expandPattern(EXPORT, values) },
          accessModes: ['ReadWriteOnce'],
          capacity: { storage: Quantity.fromString('100Mi') },
          storageClassName: CLASS,
          persistentVolumeReclaimPolicy: 'Retain',
          claimRef: { kind: 'PersistentVolumeClaim', name: claimName('data', name, ordinal), namespace: NAMESPACE },
        },
      });
    }
    new KubeStatefulSet(chart, `${name}-statefulset`, {
      metadata: { name, namespace: NAMESPACE },
      spec: {
        serviceName: service,
        replicas,
        selector: { matchLabels: { name } },
        template: {
          metadata: { labels: { name } },
          spec: {
            automountServiceAccountToken: false,
            // Port 80 as non-root: the library sets this sysctl (StatefulWorkloadProps.ports).
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, sysctls: [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '80' }] },
            containers: [{
              name, image: IMAGE, imagePullPolicy: 'IfNotPresent',
              ports: [{ containerPort: 80, name: 'http' }],
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
              volumeMounts: [{ name: 'data', mountPath: '/app/Data' }, { name: 'tmp', mountPath: '/tmp' }],
            }],
            volumes: [{ name: 'tmp', emptyDir: {} }],
          },
        },
        volumeClaimTemplates: [{
          metadata: { name: 'data' },
          spec: {
            accessModes: ['ReadWriteOnce'],
            resources: { requests: { storage: Quantity.fromString('100Mi') } },
            storageClassName: CLASS,
          },
        }],
      },
    });
    new KubePodDisruptionBudget(chart, `${name}-pdb`, {
      metadata: { name, namespace: NAMESPACE },
      spec: { maxUnavailable: IntOrString.fromNumber(1), selector: { matchLabels: { name } } },
    });
  }
}

function main(argv: string[]): void {
  const [mode, workloadsArg, replicasArg] = argv;
  const workloads = Number(workloadsArg);
  const replicas = Number(replicasArg);
  if (!['constructs', 'checked', 'l1'].includes(mode) || !Number.isInteger(workloads) || !Number.isInteger(replicas)) {
    process.stderr.write('usage: scale.js constructs|checked|l1 WORKLOADS REPLICAS\n');
    process.exitCode = 2;
    return;
  }
  const rendered = synthesize(mode, workloads, replicas);
  if (mode === 'checked') {
    // Loaded only here, so that the other modes do not pay for it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { checkRendered } = require('./check') as typeof import('./check');
    const problems = checkRendered(rendered);
    if (problems.length > 0) {
      process.stderr.write(`${problems.slice(0, 10).join('\n')}\n`);
      process.exitCode = 1;
    }
  }
}

/**
 * Builds the app and synthesizes it; returns the objects App.synth() rendered.
 * The construct tree is unreachable once this returns, as it is when
 * `cdk8s-stateful validate` and `plan` run after the app's process has ended
 * (the validation plugin of `npm run synth` runs in cdk8s-cli's process).
 */
function synthesize(mode: string, workloads: number, replicas: number): any[] {
  const app = new App();
  const chart = new ScaleChart(app, 'scale', { disableResourceNameHashes: true });
  if (mode === 'l1') {
    withL1(chart, workloads, replicas);
  } else {
    withConstructs(chart, workloads, replicas);
  }
  app.synth();
  return chart.rendered;
}

main(process.argv.slice(2));

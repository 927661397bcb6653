import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { parseManifests } from '../../cli/load';
import { evaluatePodSecurity } from '../../cli/pss';
import { validateManifests } from '../../cli/validate';
import { formatFinding } from '../../cli/findings';
import { expectStrictlyValid, find } from '../util';

/** What the checks every real app must pass found. */
export interface AppCheck {
  /** The synthesized objects, in output order. */
  readonly objects: any[];
  /** The app's StatefulSet pod spec. */
  readonly pod: any;
  /** The main container (named like the StatefulSet). */
  readonly main: any;
  /** `validate`'s warnings, one formatted line each. */
  readonly warnings: string[];
}

/**
 * Synthesizes `ChartClass` as `cdk8s synth` would (App.synthYaml), runs the
 * CLI's `validate` on the YAML and kubectl's strict 1.27 schema on every object,
 * and evaluates the Pod Security level of the StatefulSet `name`.
 */
export function checkApp(ChartClass: new (scope: Construct, id: string) => Chart, name: string, namespace: string): AppCheck {
  const app = new App({ outdir: '/nonexistent' });
  new ChartClass(app, name);
  const yaml = app.synthYaml();
  const manifests = parseManifests(`${name}.k8s.yaml`, yaml);
  const objects = manifests.map(m => m.object);
  expectStrictlyValid(objects);
  const result = validateManifests(manifests);
  expect(result.findings.filter(f => f.severity === 'error').map(formatFinding)).toEqual([]);
  const sts = find(objects, 'StatefulSet', name);
  expect(sts.metadata.namespace).toBe(namespace);
  const pod = sts.spec.template.spec;
  expect(evaluatePodSecurity(pod)).toEqual({ level: 'restricted', violations: [] });
  expect(result.podSecurity.find(p => p.kind === 'StatefulSet' && p.name === name)?.level).toBe('restricted');
  const warnings = result.findings.filter(f => f.severity === 'warning').map(formatFinding);
  // Every container names its uid, so verifyRunAsNonRoot lets the kubelet start it (cli/rules/run-as-user.ts).
  expect(warnings.filter(w => /runAsNonRoot but no runAsUser/.test(w))).toEqual([]);
  return { objects, pod, main: pod.containers.find((c: any) => c.name === name), warnings };
}

/** The effective uid of `container` in `pod` (container field first, as DetermineEffectiveSecurityContext does). */
export function uidOf(pod: any, container: any): number | undefined {
  return container.securityContext?.runAsUser ?? pod.securityContext?.runAsUser;
}

/** The mount of `container` at `path`, and the pod volume or claim template it names. */
export function mountAt(pod: any, sts: any, container: any, path: string): { mount: any; volume?: any; template?: any } {
  const mount = (container.volumeMounts ?? []).find((m: any) => m.mountPath === path);
  if (!mount) throw new Error(`container ${container.name} mounts nothing at ${path}`);
  return {
    mount,
    volume: (pod.volumes ?? []).find((v: any) => v.name === mount.name),
    template: (sts.spec.volumeClaimTemplates ?? []).find((t: any) => t.metadata.name === mount.name),
  };
}

/**
 * The checks of `validate`, on a set of manifests treated as one application:
 * schema, names, StatefulSet wiring, binding, data safety and Pod Security
 * Standards. Every check is linear in the number of objects: objects are
 * indexed once by kind, namespace and name.
 */
import { analyzeBinding, PlanRow } from './binding';
import { describeId, Finding, finder, idOf, keyOf } from './findings';
import { mapSelects, selectorMatches } from './labels';
import { Manifest } from './load';
import { evaluatePodSecurity } from './pss';
import { checkClusterTraps } from './rules/cluster-traps';
import { checkObjectMeta } from './rules/metadata';
import { list, mapping } from './rules/shape';
import { checkRunAsUser } from './rules/run-as-user';
import { checkStatefulSetSpec } from './rules/statefulset';
import { lintObjects } from './rules/lints';
import { checkKindRules } from './rules/objects';
import { PodTemplate, PodTemplateIndex } from './rules/templates';
import { SchemaValidator, SchemaViolation } from './schema';
import { plainText } from './yaml11';
import { claimName, isDns1035Label, isDnsLabel, isDnsSubdomain, MAX_STATEFULSET_NAME_LENGTH } from '../lib/names';

/** The Pod Security Standards level of one pod template. */
export interface PodSecurityReport {
  readonly file: string;
  readonly line: number;
  readonly kind: string;
  readonly namespace: string | null;
  readonly name: string;
  readonly level: 'privileged' | 'baseline' | 'restricted';
  readonly violations: string[];
}

/** Everything `validate` finds. */
export interface ValidationResult {
  readonly findings: Finding[];
  readonly podSecurity: PodSecurityReport[];
  /** The binding prediction, reused by `plan`. */
  readonly rows: PlanRow[];
  readonly objects: number;
}

/**
 * Kinds whose names are DNS labels, not just subdomains, and which kind of label: a Service's name
 * is a DNS-1035 label, which starts with a letter (`ValidateServiceName` is
 * `NameIsDNS1035Label`, pkg/apis/core/validation); a Namespace's a DNS-1123 label
 * (`ValidateNamespaceName`); a StatefulSet's becomes each pod's hostname (`initIdentity`),
 * which `ValidatePodSpec` checks as a DNS-1123 label.
 */
const LABEL_NAMED: ReadonlyMap<string, 'DNS-1035' | 'DNS-1123'> = new Map([['Service', 'DNS-1035'], ['StatefulSet', 'DNS-1123'], ['Namespace', 'DNS-1123']]);

/** Where the pod spec of a workload is. */
export function podSpecPath(kind: string): string[] | undefined {
  switch (kind) {
    case 'Pod': return ['spec'];
    case 'StatefulSet': case 'Deployment': case 'DaemonSet': case 'ReplicaSet': case 'Job': case 'ReplicationController': case 'PodTemplate':
      return kind === 'PodTemplate' ? ['template', 'spec'] : ['spec', 'template', 'spec'];
    case 'CronJob': return ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
    default: return undefined;
  }
}

function at(object: any, path: string[]): any {
  return path.reduce((o, k) => (o === null || o === undefined ? undefined : o[k]), object);
}

/**
 * What the checks of one object on its own found: the checks that need no
 * other object. `validateDocuments` makes them; for large inputs cli/load.ts
 * runs it in worker threads, on each chunk of documents as it is parsed.
 */
export interface DocumentChecks {
  /** Findings reported before the names checks: schema, object metadata (rules/metadata.ts). */
  readonly first: Finding[];
  /** Findings of the per-kind rules (rules/objects.ts checkKindRules), reported after the names checks of every object. */
  readonly kind: Finding[];
  /** Findings reported after the cross-object checks of the object: StatefulSet spec (rules/statefulset.ts), data safety, pod security, runAsUser (rules/run-as-user.ts). */
  readonly last: Finding[];
  readonly podSecurity?: PodSecurityReport;
}

/**
 * The checks of each object on its own, in the order of `manifests`. Pure
 * and per document, so that they can run in worker threads: a check that
 * looks at other objects belongs in `validateManifests`.
 */
export function validateDocuments(manifests: readonly Manifest[]): DocumentChecks[] {
  const schema = SchemaValidator.get();
  return manifests.map(m => {
    const first: Finding[] = [];
    const kind: Finding[] = [];
    const last: Finding[] = [];
    const o = m.object;
    for (const v of schema.validate(o)) {
      const [message, fix] = wantsQuotes(o, v) ?? splitMessage(v.message);
      finder(first, 'schema', m)('error', v.field, message, fix);
    }
    if (o === null || typeof o !== 'object') return { first, kind, last };
    if (!Array.isArray(o)) checkObjectMeta(m, first);
    checkKindRules(m, kind);
    const id = idOf(o);
    if (id.kind === 'StatefulSet') checkStatefulSetSpec(m, last);
    checkDataSafety(m, last);
    const specPath = podSpecPath(id.kind);
    let podSecurity: PodSecurityReport | undefined;
    if (specPath) {
      const { level, violations } = evaluatePodSecurity(at(o, specPath));
      podSecurity = { file: m.file, line: m.line, kind: id.kind, namespace: id.namespace, name: id.name, level, violations };
      const report = finder(last, 'pod-security', m);
      for (const v of violations) {
        report('warning', specPath.join('.'), `pod security level ${level}, not restricted`, v);
      }
      checkRunAsUser(m, at(o, specPath), specPath.join('.'), last);
    }
    return { first, kind, last, podSecurity };
  });
}

/**
 * Runs every check on the set. `documents` are the per-object checks of
 * `manifests` when they were made already (by the loader's worker threads);
 * they are made here otherwise.
 */
export function validateManifests(manifests: readonly Manifest[], documents: readonly DocumentChecks[] = validateDocuments(manifests)): ValidationResult {
  const findings: Finding[] = [];
  const podSecurity: PodSecurityReport[] = [];
  const byKey = new Map<string, Manifest>();
  const podTemplates: PodTemplate[] = [];

  // Schema and names, and the index for the cross-object checks.
  for (const [i, m] of manifests.entries()) {
    const o = m.object;
    findings.push(...documents[i].first);
    if (o === null || typeof o !== 'object' || Array.isArray(o)) continue;
    const id = idOf(o);
    const report = finder(findings, 'names', m);
    const name = o.metadata?.name;
    const label = LABEL_NAMED.get(id.kind);
    if ((typeof name !== 'string' || name === '') && typeof o.metadata?.generateName === 'string' && o.metadata.generateName !== '') {
      // reported by checkObjectMeta with the reason kubectl apply refuses it
    } else if (typeof name !== 'string' || name === '') {
      report('error', 'metadata.name', 'is missing', 'give every object a name');
    } else if (id.kind === 'StatefulSet' && isDnsSubdomain(name) && !isDnsLabel(name)) {
      // ValidateStatefulSetName accepts a subdomain, but each pod's hostname is its name (initIdentity), which ValidatePodSpec checks as a label.
      report('error', 'metadata.name', `${JSON.stringify(name)} is not a valid DNS-1123 label: the API server stores the StatefulSet but refuses every pod, whose hostname is the pod name`,
        `use at most ${MAX_STATEFULSET_NAME_LENGTH} lowercase letters, digits and '-', without '.'`);
    } else if (label === 'DNS-1035' ? !isDns1035Label(name) : label ? !isDnsLabel(name) : !isDnsSubdomain(name)) {
      report('error', 'metadata.name', `${JSON.stringify(name)} is not a valid ${label ? `${label} label` : 'DNS-1123 subdomain'}`,
        label
          ? `use at most ${id.kind === 'StatefulSet' ? MAX_STATEFULSET_NAME_LENGTH : 63} lowercase letters, digits and '-', starting with a letter${label === 'DNS-1035' ? '' : ' or digit'} and ending with a letter or digit`
          : 'use at most 253 lowercase letters, digits, \'-\' and \'.\', starting and ending with a letter or digit');
    }
    if (typeof o.metadata?.namespace === 'string' && !isDnsLabel(o.metadata.namespace)) {
      report('error', 'metadata.namespace', `${JSON.stringify(o.metadata.namespace)} is not a valid namespace name`, 'use a DNS-1123 label such as default');
    }
    if (id.kind === 'StatefulSet' && typeof name === 'string' && name.length > MAX_STATEFULSET_NAME_LENGTH) {
      report('error', 'metadata.name', `is ${name.length} characters long`,
        `use at most ${MAX_STATEFULSET_NAME_LENGTH}: longer StatefulSet names break the controller-revision-hash label of its pods, which the API server refuses`);
    }
    const key = keyOf(id);
    const first = byKey.get(key);
    if (first) {
      report('error', 'metadata.name', `duplicates the ${describeId(id)} at ${first.file}:${first.line}`,
        'give each object a unique kind, namespace and name; the later one would silently replace the first');
    } else {
      byKey.set(key, m);
    }
    const specPath = podSpecPath(id.kind);
    if (specPath) {
      const labels = id.kind === 'Pod' ? o.metadata?.labels : at(o, [...specPath.slice(0, -1), 'metadata', 'labels']);
      podTemplates.push({
        m, kind: id.kind, namespace: id.namespace ?? '', podSpec: at(o, specPath), path: specPath.join('.'),
        labels: labels !== null && typeof labels === 'object' && !Array.isArray(labels) ? labels : {},
      });
    }
  }
  const templates = new PodTemplateIndex(podTemplates);
  // The per-kind rules (made per document, with the other per-object checks), then the lints across objects.
  for (const d of documents) findings.push(...d.kind);
  lintObjects(manifests, templates, findings);

  for (const [i, m] of manifests.entries()) {
    const o = m.object;
    if (o === null || typeof o !== 'object') continue;
    const id = idOf(o);
    if (id.kind === 'StatefulSet') checkStatefulSet(m, byKey, findings);
    if (id.kind === 'PodDisruptionBudget' && o.spec?.selector) {
      if (templates.select(id.namespace ?? '', o.spec.selector).length === 0) {
        finder(findings, 'wiring', m)('warning', 'spec.selector', `selects no pod template of namespace ${id.namespace} in the set, so it protects nothing`,
          'copy the matchLabels of the StatefulSet\'s selector');
      }
    }
    findings.push(...documents[i].last);
    const report = documents[i].podSecurity;
    if (report) podSecurity.push(report);
  }

  checkClusterTraps(manifests, templates, findings);
  const binding = analyzeBinding(manifests);
  findings.push(...binding.findings);
  return { findings, podSecurity, rows: binding.rows, objects: manifests.length };
}

/**
 * The message and fix of a boolean or number where the schema wants a
 * string: the API server refuses it ("cannot unmarshal bool into Go struct
 * field EnvVar.value of type string"), and the fix is to quote it. When it is
 * a boolean or number only because kubectl reads YAML 1.1 (cli/yaml11.ts:
 * `value: yes` is true for kubectl), the message says so and quotes the text
 * as written; otherwise (`value: 123`, `value: true`) it quotes the value.
 */
function wantsQuotes(object: unknown, v: SchemaViolation): [string, string] | undefined {
  if (v.type !== 'string' || v.path === undefined || v.path.length === 0) return undefined;
  let container: any = object;
  for (const key of v.path.slice(0, -1)) {
    if (container === null || typeof container !== 'object') return undefined;
    container = container[key];
  }
  const key = v.path[v.path.length - 1];
  const value = container?.[key];
  if (typeof value !== 'boolean' && typeof value !== 'number') return undefined;
  const type = typeof value === 'boolean' ? 'boolean' : 'number';
  const text = plainText(container, key);
  if (text === undefined) {
    return [`is the ${type} ${JSON.stringify(value)}, not a string`, `quote it in the YAML as written, e.g. ${JSON.stringify(String(value))}`];
  }
  return [`${text} is the ${type} ${JSON.stringify(value)} for kubectl (YAML 1.1), not the string ${JSON.stringify(text)}`, `quote it: ${JSON.stringify(text)}`];
}

/** Splits "what is wrong; how to fix it" at its first "; ". */
function splitMessage(text: string): [string, string] {
  const i = text.indexOf('; ');
  if (i < 0) {
    return [text, 'see the Kubernetes 1.27 API reference for this field'];
  }
  return [text.slice(0, i), text.slice(i + 2)];
}

function checkStatefulSet(m: Manifest, byKey: Map<string, Manifest>, findings: Finding[]): void {
  const o = m.object;
  const spec = mapping(o.spec) ?? {};
  const id = idOf(o);
  const report = finder(findings, 'wiring', m);
  const labels = mapping(mapping(mapping(spec.template)?.metadata)?.labels) ?? {};
  const podSpec = mapping(mapping(spec.template)?.spec) ?? {};

  if (spec.selector && !selectorMatches(spec.selector, labels)) {
    report('error', 'spec.selector', `does not match the pod template's labels ${JSON.stringify(labels)}`,
      'make spec.selector.matchLabels a subset of spec.template.metadata.labels');
  }

  if (spec.serviceName === '') {
    // ValidateStatefulSetSpec (1.27) does not check serviceName: the set is stored and its pods run, without DNS names.
    report('warning', 'spec.serviceName', 'is empty, so the pods get no stable DNS names', 'name the headless Service that governs this StatefulSet');
  } else if (typeof spec.serviceName === 'string') {
    const service = byKey.get(keyOf({ kind: 'Service', namespace: id.namespace, name: spec.serviceName }))?.object;
    if (!service) {
      // Not an error: the Service may be in another file or already in the cluster, and the API server does not check it.
      report('warning', 'spec.serviceName', `names Service ${spec.serviceName}, which is not in the set in namespace ${id.namespace}: unless it is already in the cluster or applied from another file, the pods get no stable DNS names`,
        `add a headless Service (clusterIP: None) named ${spec.serviceName} in namespace ${id.namespace}, or check that it exists`);
    } else {
      const s = mapping(service.spec) ?? {};
      // Warnings, not errors: ValidateStatefulSetSpec never looks the Service up, so the set is stored and its
      // pods run. Only their names are missing: the DNS specification (kubernetes/dns docs/specification.md,
      // 2.4.1) gives `<hostname>.<service>.<ns>.svc.<zone>` records to ready endpoints of headless Services only,
      // and endpoints exist only for pods the Service's selector selects.
      if (s.clusterIP !== 'None') {
        report('warning', 'spec.serviceName', `names Service ${spec.serviceName}, which is not headless (clusterIP is ${s.clusterIP === undefined ? 'unset' : JSON.stringify(s.clusterIP)}), so the pods get no stable DNS names`,
          `set clusterIP: None on Service ${spec.serviceName} (a new Service: clusterIP cannot change in place)`);
      }
      if (!mapping(s.selector) || Object.keys(s.selector).length === 0) {
        report('warning', 'spec.serviceName', `names Service ${spec.serviceName}, which has no selector, so it gives the pods no DNS records`,
          `set the Service's selector to the pod labels, e.g. ${JSON.stringify(spec.selector?.matchLabels ?? labels)}`);
      } else if (!mapSelects(s.selector, labels)) {
        report('warning', 'spec.serviceName', `names Service ${spec.serviceName}, whose selector ${JSON.stringify(s.selector)} does not select the pod template's labels ${JSON.stringify(labels)}`,
          'make the Service\'s selector a subset of spec.template.metadata.labels');
      }
    }
  }

  // Every mount names a volume or a claim template; every claim template is mounted.
  const volumes = new Set<string>(list(podSpec.volumes).map((v: any) => v?.name));
  const templates: any[] = list(spec.volumeClaimTemplates);
  const templateByName = new Map<string, any>(templates.map(t => [t?.metadata?.name, t]));
  const mounted = new Set<string>();
  const groups: Array<[string, any[]]> = [['initContainers', list(podSpec.initContainers)], ['containers', list(podSpec.containers)]];
  for (const [group, containers] of groups) {
    containers.forEach((c: any, ci: number) => {
      for (const [listName, mounts] of [['volumeMounts', list(c?.volumeMounts)], ['volumeDevices', list(c?.volumeDevices)]] as Array<[string, any[]]>) {
        mounts.forEach((vm: any, vi: number) => {
          const field = `spec.template.spec.${group}[${ci}].${listName}[${vi}].name`;
          const name = vm?.name;
          mounted.add(name);
          if (!volumes.has(name) && !templateByName.has(name)) {
            const declared = [...volumes, ...templateByName.keys()].filter(Boolean);
            // ValidateVolumeMounts (at pod creation: 1.27 does not validate the StatefulSet's pod template).
            report('error', field, `container ${c?.name} mounts ${JSON.stringify(name)}, which is neither a volume nor a volumeClaimTemplate, so the API server refuses every pod the controller creates`,
              `add a volume or volumeClaimTemplate named ${name}, or fix the name${declared.length ? ` (declared: ${declared.join(', ')})` : ''}`);
            return;
          }
          const t = templateByName.get(name);
          const modes: string[] = list(t?.spec?.accessModes);
          if (listName === 'volumeMounts' && t && !volumes.has(name) && modes.length > 0 && modes.every(x => x === 'ReadOnlyMany') && vm.readOnly !== true) {
            report('warning', field.replace(/\.name$/, '.readOnly'), `container ${c?.name} mounts ${name} writable, but its claim asks only for ReadOnlyMany (read-only access)`,
              `set readOnly: true on the mount if the container only reads, or ask for ReadWriteOnce or ReadWriteMany in volumeClaimTemplate ${name} if it writes`);
          }
        });
      }
    });
  }
  templates.forEach((t, i) => {
    const name = t?.metadata?.name;
    if (typeof name !== 'string') return;
    if (!mounted.has(name)) {
      report('warning', `spec.volumeClaimTemplates[${i}]`, `claim template ${name} is never mounted, so every pod gets a claim it does not use`,
        `mount ${name} in a container, or remove the template`);
    }
    const start = typeof spec.ordinals?.start === 'number' ? spec.ordinals.start : 0;
    const lastClaim = claimName(name, id.name, Math.max(0, start + (typeof spec.replicas === 'number' ? spec.replicas : 1) - 1));
    if (typeof o.metadata?.name === 'string' && (!isDnsSubdomain(lastClaim) || !isDnsLabel(name))) {
      finder(findings, 'names', m)('error', `spec.volumeClaimTemplates[${i}].metadata.name`, `${JSON.stringify(name)} gives claim names such as ${lastClaim}, which are not valid names`,
        'use a short DNS-1123 label for the template name');
    }
  });
}

const DATA_SAFETY_POLICIES = new Set(['Delete', 'Recycle']);

function checkDataSafety(m: Manifest, findings: Finding[]): void {
  const o = m.object;
  const report = finder(findings, 'data-safety', m);
  if (o.kind === 'PersistentVolume' && DATA_SAFETY_POLICIES.has(o.spec?.persistentVolumeReclaimPolicy)) {
    report('warning', 'spec.persistentVolumeReclaimPolicy', `is ${o.spec.persistentVolumeReclaimPolicy}, so the data ${o.spec.persistentVolumeReclaimPolicy === 'Delete' ? 'is deleted' : 'is scrubbed'} when its claim is deleted`,
      'set persistentVolumeReclaimPolicy: Retain');
  }
  if (o.kind === 'StatefulSet') {
    const policy = mapping(o.spec?.persistentVolumeClaimRetentionPolicy) ?? {};
    for (const when of ['whenDeleted', 'whenScaled']) {
      if (policy[when] === 'Delete') {
        report('warning', `spec.persistentVolumeClaimRetentionPolicy.${when}`, `is Delete, so claims (and with reclaim policy Delete, their data) go when the StatefulSet is ${when === 'whenDeleted' ? 'deleted' : 'scaled down'}`,
          `set ${when}: Retain`);
      }
    }
  }
  const specPath = podSpecPath(o.kind);
  if (specPath) {
    const podSpec = mapping(at(o, specPath)) ?? {};
    const path = specPath.join('.');
    for (const group of ['initContainers', 'containers']) {
      list(podSpec[group]).forEach((c: any, i: number) => {
        const image = c?.image;
        if (typeof image !== 'string') return;
        const tag = imageTag(image);
        if (tag === undefined || tag === 'latest') {
          report('warning', `${path}.${group}[${i}].image`, `${JSON.stringify(image)} has ${tag === undefined ? 'no tag' : 'the tag latest'}, so pods of one StatefulSet may run different versions`,
            'pin a version tag or a digest, e.g. beckjin/k8sdemo:1.2.0');
        }
      });
    }
  }
}

/** The tag of an image reference; `@digest` counts as pinned. */
function imageTag(image: string): string | undefined {
  if (image.includes('@')) return 'digest';
  const last = image.slice(image.lastIndexOf('/') + 1);
  const colon = last.indexOf(':');
  return colon < 0 ? undefined : last.slice(colon + 1);
}

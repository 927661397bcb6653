/**
 * Findings of `validate` and `diff`, object identity (kind, namespace, name)
 * and the output formats shared by the commands and the cdk8s plugin.
 */
import { Manifest } from './load';

export type Severity = 'error' | 'warning';

/** One problem found in one object. */
export interface Finding {
  readonly severity: Severity;
  /** The check that found it: schema, names, wiring, binding, data-safety, pod-security, diff, a per-kind rule set (persistent-volume, service, ...) or a kube-linter check name (docs/cli.md). */
  readonly check: string;
  readonly file: string;
  readonly line: number;
  readonly kind: string;
  /** Namespace, or null for cluster-scoped objects. */
  readonly namespace: string | null;
  readonly name: string;
  /** Field path, e.g. `spec.serviceName`; empty for the whole object. */
  readonly field: string;
  /** What is wrong. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
}

/** Namespace of objects that do not name one, as kubectl applies them without `-n`. */
export const DEFAULT_NAMESPACE = 'default';

/** Kinds that have no namespace. */
export const CLUSTER_SCOPED = new Set([
  'PersistentVolume', 'StorageClass', 'Namespace', 'Node', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition',
  'PriorityClass', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'IngressClass', 'RuntimeClass', 'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'APIService', 'FlowSchema',
  'PriorityLevelConfiguration', 'ClusterCIDR', 'IPAddress', 'CertificateSigningRequest', 'ClusterTrustBundle', 'ComponentStatus',
  'StorageVersion', 'ResourceClass',
]);

/** Kind, namespace and name of an object. */
export interface ObjectId {
  readonly kind: string;
  readonly namespace: string | null;
  readonly name: string;
}

/** Identity of a manifest; namespaced objects without a namespace live in `default`. */
export function idOf(object: any): ObjectId {
  const kind = typeof object?.kind === 'string' ? object.kind : '(no kind)';
  const name = typeof object?.metadata?.name === 'string' ? object.metadata.name : '(no name)';
  const namespace = CLUSTER_SCOPED.has(kind) ? null : (typeof object?.metadata?.namespace === 'string' && object.metadata.namespace) || DEFAULT_NAMESPACE;
  return { kind, namespace, name };
}

/** `Kind namespace/name` or `Kind name`. */
export function describeId(id: ObjectId): string {
  return `${id.kind} ${id.namespace === null ? id.name : `${id.namespace}/${id.name}`}`;
}

/** Key for maps of objects: kind, namespace and name. */
export function keyOf(id: ObjectId): string {
  return `${id.kind}\u0000${id.namespace ?? ''}\u0000${id.name}`;
}

/** Builds findings about one manifest. */
export function finder(out: Finding[], check: string, m: Manifest) {
  const id = idOf(m.object);
  return (severity: Severity, field: string, message: string, fix: string) => {
    out.push({ severity, check, file: m.file, line: m.line, kind: id.kind, namespace: id.namespace, name: id.name, field, message, fix });
  };
}

/** One line: severity, file:line, kind namespace/name, field, what is wrong; how to fix it. */
export function formatFinding(f: Finding): string {
  const where = f.field ? ` ${f.field}:` : ':';
  return `${f.severity} ${f.file}:${f.line} ${describeId(f)}${where} ${f.message}; ${f.fix}`;
}

/** Errors first, then warnings, each in input order. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings.filter(f => f.severity === 'error'), ...findings.filter(f => f.severity === 'warning')];
}

export function count(findings: readonly Finding[], severity: Severity): number {
  let n = 0;
  for (const f of findings) if (f.severity === severity) n++;
  return n;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

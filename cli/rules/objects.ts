/**
 * The per-kind API server rules of PersistentVolume, PersistentVolumeClaim,
 * StorageClass, Service, PodDisruptionBudget and NetworkPolicy, and the
 * kube-linter-style lints; each finding's `check` names its rule set
 * (docs/cli.md lists every rule).
 */
import { Finding, finder } from '../findings';
import { Manifest } from '../load';
import { lintObjects } from './lints';
import { validateNetworkPolicy, validatePodDisruptionBudget } from './policy';
import { validateService } from './service';
import { validatePersistentVolume, validatePersistentVolumeClaim, validateStorageClass } from './storage';
import { Report } from './shape';
import { PodTemplateIndex } from './templates';

const KIND_RULES: { [kind: string]: [string, (report: Report, object: any) => void] } = {
  PersistentVolume: ['persistent-volume', validatePersistentVolume],
  PersistentVolumeClaim: ['persistent-volume-claim', validatePersistentVolumeClaim],
  StorageClass: ['storage-class', validateStorageClass],
  Service: ['service', validateService],
  PodDisruptionBudget: ['pod-disruption-budget', validatePodDisruptionBudget],
  NetworkPolicy: ['network-policy', validateNetworkPolicy],
};

/** The per-kind rules of one object: they look at no other object (pure, so they can run per document). */
export function checkKindRules(m: Manifest, findings: Finding[]): void {
  const o = m.object;
  if (o === null || typeof o !== 'object' || Array.isArray(o) || typeof o.kind !== 'string') return;
  const rules = Object.prototype.hasOwnProperty.call(KIND_RULES, o.kind) ? KIND_RULES[o.kind] : undefined;
  if (rules) rules[1](finder(findings, rules[0], m), o);
}

/** Runs the per-kind rules on every object, then the lints (which look across objects). */
export function checkObjects(manifests: readonly Manifest[], index: PodTemplateIndex, findings: Finding[]): void {
  for (const m of manifests) checkKindRules(m, findings);
  lintObjects(manifests, index, findings);
}

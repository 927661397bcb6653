/**
 * Scheduling fields of a pod spec, ported from Kubernetes 1.27
 * pkg/apis/core/validation/validation.go: `validateAffinity`,
 * `validateNodeAffinity`, `validatePodAffinity`, `validatePodAntiAffinity`,
 * `validatePodAffinityTerms`, `validatePodAffinityTerm`,
 * `ValidatePodAffinityTermSelector`, `validateWeightedPodAffinityTerms`,
 * `ValidatePreferredSchedulingTerms`, `ValidateNodeSelector` (in syntax.ts),
 * `ValidateTolerations`, `validateTaintEffect`,
 * `validateTopologySpreadConstraints` (`ValidateMaxSkew`,
 * `ValidateTopologyKey`, `ValidateWhenUnsatisfiable`,
 * `ValidateSpreadConstraintNotRepeat`, `validateMinDomains`,
 * `validateNodeInclusionPolicy`, `validateMatchLabelKeys`).
 * Every rule is O(n) in the size of the field it reads.
 */
import { checkLabelSelector, labelValueProblem, qualifiedNameProblem } from './metadata';
import { entries, isSet, list, mapping, Report, text } from './shape';
import { validateNodeSelector, validateNodeSelectorTerm } from './syntax';
import { isDnsLabel } from '../../lib/names';

const KEY_FIX = 'use a qualified name such as kubernetes.io/hostname: an optional DNS subdomain prefix and \'/\', then at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit';

/** `ValidateLabelName` (`IsQualifiedName`) on a key that must be set: the problem, or undefined. */
function keyProblem(key: unknown): string | undefined {
  if (!isSet(key) || key === '') return 'is empty';
  if (typeof key !== 'string') return undefined; // the schema check reports the type
  const problem = qualifiedNameProblem(key);
  return problem ? `${JSON.stringify(key)} ${problem}` : undefined;
}

/** The weight of a weighted term: `must be in the range 1-100` (`validateWeightedPodAffinityTerms`, `ValidatePreferredSchedulingTerms`). */
function checkWeight(weight: unknown, f: string, report: Report): void {
  if (typeof weight === 'number' && (weight < 1 || weight > 100)) {
    report('error', f, `${weight} is out of range`, 'use a weight from 1 to 100');
  } else if (!isSet(weight)) {
    report('error', f, 'is missing (0 is out of range)', 'use a weight from 1 to 100');
  }
}

/** `validatePodAffinityTerm`: selectors, namespaces (DNS-1123 labels), topologyKey required and a qualified name. */
function checkPodAffinityTerm(term: unknown, f: string, report: Report): void {
  const t = mapping(term);
  if (!t) return;
  // ValidatePodAffinityTermSelector: labelSelector and namespaceSelector through ValidateLabelSelector.
  checkLabelSelector(t.labelSelector, `${f}.labelSelector`, report);
  checkLabelSelector(t.namespaceSelector, `${f}.namespaceSelector`, report);
  list(t.namespaces).forEach((ns, i) => {
    if (typeof ns === 'string' && !isDnsLabel(ns)) {
      report('error', `${f}.namespaces[${i}]`, `${JSON.stringify(ns)} is not a valid namespace name`, 'use a DNS-1123 label: at most 63 lowercase letters, digits and \'-\'');
    }
  });
  const problem = keyProblem(t.topologyKey);
  if (problem) report('error', `${f}.topologyKey`, problem, KEY_FIX);
}

/** `validatePodAffinity` and `validatePodAntiAffinity` (the same rules). */
function checkPodAffinity(affinity: unknown, f: string, report: Report): void {
  const a = mapping(affinity);
  if (!a) return;
  list(a.requiredDuringSchedulingIgnoredDuringExecution).forEach((term, i) =>
    checkPodAffinityTerm(term, `${f}.requiredDuringSchedulingIgnoredDuringExecution[${i}]`, report));
  list(a.preferredDuringSchedulingIgnoredDuringExecution).forEach((w, i) => {
    const weighted = mapping(w);
    if (!weighted) return;
    const at = `${f}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
    checkWeight(weighted.weight, `${at}.weight`, report);
    checkPodAffinityTerm(weighted.podAffinityTerm, `${at}.podAffinityTerm`, report);
  });
}

/** `validateAffinity`: node affinity (`validateNodeAffinity`), pod affinity and pod anti-affinity. */
export function checkAffinity(affinity: unknown, f: string, report: Report): void {
  const a = mapping(affinity);
  if (!a) return;
  const node = mapping(a.nodeAffinity);
  if (node) {
    if (isSet(node.requiredDuringSchedulingIgnoredDuringExecution)) {
      validateNodeSelector(report, node.requiredDuringSchedulingIgnoredDuringExecution, `${f}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution`);
    }
    // ValidatePreferredSchedulingTerms: weight 1-100, then ValidateNodeSelectorTerm on the preference.
    list(node.preferredDuringSchedulingIgnoredDuringExecution).forEach((p, i) => {
      const pref = mapping(p);
      if (!pref) return;
      const at = `${f}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
      checkWeight(pref.weight, `${at}.weight`, report);
      validateNodeSelectorTerm(report, mapping(pref.preference) ?? {}, `${at}.preference`);
    });
  }
  checkPodAffinity(a.podAffinity, `${f}.podAffinity`, report);
  checkPodAffinity(a.podAntiAffinity, `${f}.podAntiAffinity`, report);
}

const TAINT_EFFECTS = new Set(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);

/** `ValidateTolerations` with `validateTaintEffect` (empty effect allowed: it matches every effect). */
export function checkTolerations(tolerations: unknown, f: string, report: Report): void {
  list(tolerations).forEach((t, i) => {
    const tol = mapping(t);
    if (!tol) return;
    const at = `${f}[${i}]`;
    const key = text(tol.key) ?? '';
    const operator = text(tol.operator) ?? '';
    const value = text(tol.value) ?? '';
    const effect = text(tol.effect) ?? '';
    if (key !== '') {
      const problem = qualifiedNameProblem(key);
      if (problem) report('error', `${at}.key`, `${JSON.stringify(key)} ${problem}`, KEY_FIX.replace('kubernetes.io/hostname', 'node.kubernetes.io/unreachable'));
    } else if (operator !== 'Exists') {
      report('error', `${at}.operator`, `is ${operator === '' ? 'unset (Equal)' : JSON.stringify(operator)}, but an empty key needs operator Exists (match every taint)`, 'set operator: Exists, or give the taint key');
    }
    if (isSet(tol.tolerationSeconds) && effect !== 'NoExecute') {
      report('error', `${at}.effect`, `is ${effect === '' ? 'empty' : JSON.stringify(effect)}, but tolerationSeconds is set, which needs effect NoExecute`, 'set effect: NoExecute, or remove tolerationSeconds');
    }
    if (operator === '' || operator === 'Equal') {
      const problem = labelValueProblem(value);
      if (problem) report('error', `${at}.value`, `${JSON.stringify(value)} ${problem}`, 'use a valid label value, the value of the taint');
    } else if (operator === 'Exists') {
      if (value !== '') report('error', `${at}.value`, `must be empty when operator is Exists, not ${JSON.stringify(value)}`, 'remove value, or use operator Equal');
    } else {
      report('error', `${at}.operator`, `${JSON.stringify(operator)} is not a toleration operator`, 'use Equal or Exists');
    }
    if (effect !== '' && !TAINT_EFFECTS.has(effect)) {
      report('error', `${at}.effect`, `${JSON.stringify(effect)} is not a taint effect`, 'use NoSchedule, PreferNoSchedule or NoExecute, or leave it empty to match every effect');
    }
  });
}

const WHEN_UNSATISFIABLE = new Set(['DoNotSchedule', 'ScheduleAnyway']);
const INCLUSION_POLICIES = new Set(['Honor', 'Ignore']);

/** `validateTopologySpreadConstraints` of 1.27. */
export function checkTopologySpreadConstraints(constraints: unknown, f: string, report: Report): void {
  const seen = new Set<string>();
  list(constraints).forEach((c, i) => {
    const tsc = mapping(c);
    if (!tsc) return;
    const at = `${f}[${i}]`;
    // ValidateMaxSkew: "must be greater than zero" (no default: a missing maxSkew is 0).
    const maxSkew = tsc.maxSkew;
    if (!isSet(maxSkew)) report('error', `${at}.maxSkew`, 'is missing', 'set maxSkew: 1 or more');
    else if (typeof maxSkew === 'number' && maxSkew <= 0) report('error', `${at}.maxSkew`, `${maxSkew} is not greater than zero`, 'set maxSkew: 1 or more');
    // ValidateTopologyKey: required, a qualified name.
    const problem = keyProblem(tsc.topologyKey);
    if (problem) report('error', `${at}.topologyKey`, problem, KEY_FIX);
    // ValidateWhenUnsatisfiable: no default.
    const when = tsc.whenUnsatisfiable;
    if (!isSet(when) || when === '') {
      report('error', `${at}.whenUnsatisfiable`, 'is missing', 'set whenUnsatisfiable: DoNotSchedule or ScheduleAnyway');
    } else if (typeof when === 'string' && !WHEN_UNSATISFIABLE.has(when)) {
      report('error', `${at}.whenUnsatisfiable`, `${JSON.stringify(when)} is not supported`, 'use DoNotSchedule or ScheduleAnyway');
    }
    // ValidateSpreadConstraintNotRepeat: one constraint per {topologyKey, whenUnsatisfiable}.
    if (typeof tsc.topologyKey === 'string' && typeof when === 'string') {
      const pair = JSON.stringify([tsc.topologyKey, when]);
      if (seen.has(pair)) {
        report('error', `${at}.{topologyKey, whenUnsatisfiable}`, `{${tsc.topologyKey}, ${when}} is declared twice`, 'merge the constraints: one per topologyKey and whenUnsatisfiable');
      }
      seen.add(pair);
    }
    // validateMinDomains: greater than 0, and only with DoNotSchedule.
    if (isSet(tsc.minDomains)) {
      if (typeof tsc.minDomains === 'number' && tsc.minDomains <= 0) {
        report('error', `${at}.minDomains`, `${tsc.minDomains} is not greater than 0`, 'use 1 or more, or remove minDomains');
      }
      if (typeof when === 'string' && when !== 'DoNotSchedule') {
        report('error', `${at}.minDomains`, `can only be used with whenUnsatisfiable DoNotSchedule, not ${when}`, 'set whenUnsatisfiable: DoNotSchedule, or remove minDomains');
      }
    }
    // validateNodeInclusionPolicy: Honor or Ignore.
    for (const k of ['nodeAffinityPolicy', 'nodeTaintsPolicy']) {
      const policy = tsc[k];
      if (typeof policy === 'string' && !INCLUSION_POLICIES.has(policy)) {
        report('error', `${at}.${k}`, `${JSON.stringify(policy)} is not supported`, 'use Honor or Ignore');
      }
    }
    checkMatchLabelKeys(tsc, at, report);
  });
}

/**
 * `validateMatchLabelKeys` as of 1.27: each key a qualified name and not also a
 * key of the labelSelector. A matchLabelKeys without a labelSelector became
 * Forbidden only later (`validateLabelKeys`), so it is not flagged here.
 */
function checkMatchLabelKeys(tsc: { [key: string]: any }, at: string, report: Report): void {
  const keys = list(tsc.matchLabelKeys);
  if (keys.length === 0) return;
  const selector = mapping(tsc.labelSelector);
  const selectorKeys = new Set<string>(entries(selector?.matchLabels).map(([k]) => k));
  for (const e of list(selector?.matchExpressions)) if (typeof e?.key === 'string') selectorKeys.add(e.key);
  keys.forEach((key, i) => {
    if (typeof key !== 'string') return;
    const problem = qualifiedNameProblem(key);
    if (problem) report('error', `${at}.matchLabelKeys[${i}]`, `${JSON.stringify(key)} ${problem}`, KEY_FIX);
    else if (selectorKeys.has(key)) report('error', `${at}.matchLabelKeys[${i}]`, `${JSON.stringify(key)} is also in the labelSelector`, 'keep the key in one of matchLabelKeys and labelSelector');
  });
}

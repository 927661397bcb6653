/**
 * StatefulSet rules, ported from Kubernetes 1.27
 * pkg/apis/apps/validation/validation.go (`ValidateStatefulSet`,
 * `ValidateStatefulSetSpec`, `ValidatePodTemplateSpecForStatefulSet`) and,
 * for the claim templates, pkg/apis/core/validation/validation.go
 * (`ValidatePersistentVolumeClaimSpec`).
 *
 * 1.27 stores a StatefulSet without validating its pod spec: in
 * `ValidatePodTemplateSpecForStatefulSet` the call to `ValidatePodTemplateSpec`
 * is commented out ("TODO: Add validation for PodSpec"). The controller then
 * creates pods and claims from the templates, and the API server refuses each
 * one. Rules on the pod spec and the claim templates are therefore errors too,
 * with a message that says so. The controller sets each pod's hostname to its
 * name and its subdomain to spec.serviceName (`initIdentity` in
 * pkg/controller/statefulset/stateful_set_utils.go), which `ValidatePodSpec`
 * checks as DNS-1123 labels.
 */
import { Finding, finder } from '../findings';
import { Manifest } from '../load';
import { checkAnnotations, checkLabels, checkLabelSelector } from './metadata';
import { checkPodSpec } from './pod';
import { checkClaimSpec } from './storage';
import { list, mapping, Report, text } from './shape';
import { isDnsLabel } from '../../lib/names';

const POD_REFUSED = 'the API server stores the StatefulSet (1.27 does not validate its pod template) but refuses every pod the controller creates from it';
const CLAIM_REFUSED = 'the API server stores the StatefulSet but refuses every claim the controller creates from this template, so no pod starts';

/** A report whose errors say that the pods (or claims) are refused, not the StatefulSet. */
function refusing(report: Report, why: string): Report {
  return (severity, field, message, fix) => report(severity, field, severity === 'error' ? `${message}: ${why}` : message, fix);
}

/** `ValidateStatefulSetSpec` and the pod and claim templates of one StatefulSet. */
export function checkStatefulSetSpec(m: Manifest, findings: Finding[]): void {
  const o = mapping(m.object);
  const spec = mapping(o?.spec);
  if (!o || !spec) return;
  const report = finder(findings, 'statefulset', m);

  const selector = mapping(spec.selector);
  if (selector && Object.keys(mapping(selector.matchLabels) ?? {}).length + list(selector.matchExpressions).length === 0) {
    report('error', 'spec.selector', 'is empty, and an empty selector is not valid for a StatefulSet', 'select the pod template\'s labels, e.g. matchLabels: {app: web}');
  }
  checkLabelSelector(spec.selector, 'spec.selector', report);

  const strategy = mapping(spec.updateStrategy);
  if (strategy?.type === 'OnDelete' && strategy.rollingUpdate !== undefined) {
    report('error', 'spec.updateStrategy.rollingUpdate', 'is set, but it is only allowed for updateStrategy RollingUpdate', 'remove rollingUpdate, or use type RollingUpdate');
  }
  const partition = mapping(strategy?.rollingUpdate)?.partition;
  if (typeof partition === 'number' && partition < 0) {
    report('error', 'spec.updateStrategy.rollingUpdate.partition', `${partition} is negative`, 'use 0 (update every pod) or a positive ordinal');
  }

  const serviceName = text(spec.serviceName);
  if (serviceName && !isDnsLabel(serviceName)) {
    // initIdentity sets pod.spec.subdomain = serviceName; ValidatePodSpec requires a DNS-1123 label.
    report('error', 'spec.serviceName', `${JSON.stringify(serviceName)} is not a DNS-1123 label: ${POD_REFUSED}, because it becomes each pod's subdomain`,
      'name a headless Service with at most 63 lowercase letters, digits and \'-\'');
  }

  const template = mapping(spec.template);
  const templateMeta = mapping(template?.metadata);
  // ValidatePodTemplateSpecForStatefulSet checks the template's labels and annotations at apply.
  checkLabels(templateMeta?.labels, 'spec.template.metadata.labels', report);
  checkAnnotations(templateMeta?.annotations, 'spec.template.metadata.annotations', report);
  const podSpec = mapping(template?.spec);
  if (podSpec) {
    if (typeof podSpec.restartPolicy === 'string' && podSpec.restartPolicy !== 'Always') {
      report('error', 'spec.template.spec.restartPolicy', `${JSON.stringify(podSpec.restartPolicy)} is not supported for a StatefulSet`, 'use restartPolicy: Always, or remove it (Always is the default)');
    }
    if (podSpec.activeDeadlineSeconds !== undefined) {
      report('error', 'spec.template.spec.activeDeadlineSeconds', 'must not be specified for a StatefulSet', 'remove it: StatefulSet pods run until deleted');
    }
    checkPodSpec(podSpec, 'spec.template.spec', refusing(report, POD_REFUSED));
  }

  const claims = refusing(report, CLAIM_REFUSED);
  const names = new Set<string>();
  list(spec.volumeClaimTemplates).forEach((t, i) => {
    const claim = mapping(t);
    if (!claim) return;
    const at = `spec.volumeClaimTemplates[${i}]`;
    const meta = mapping(claim.metadata);
    const name = text(meta?.name);
    if (name === undefined || name === '') {
      claims('error', `${at}.metadata.name`, 'is missing', 'name the template (its claims are named <template>-<statefulset>-<ordinal>)');
    } else {
      if (names.has(name)) {
        // getPersistentVolumeClaims keys the claims by template name: the later template silently wins.
        report('warning', `${at}.metadata.name`, `claim template ${JSON.stringify(name)} is declared twice, so the controller keeps only one of them`, 'give each claim template a unique name');
      }
      names.add(name);
    }
    checkLabels(meta?.labels, `${at}.metadata.labels`, claims);
    checkAnnotations(meta?.annotations, `${at}.metadata.annotations`, claims);
    checkClaimSpec(claim.spec, `${at}.spec`, claims);
  });
}

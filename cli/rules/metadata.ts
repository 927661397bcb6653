/**
 * Metadata rules for every object, ported from Kubernetes 1.27:
 * `ValidateObjectMeta` (pkg/apis/core/validation, via
 * apimachinery/pkg/api/validation/objectmeta.go), `ValidateLabels` and
 * `ValidateLabelSelector` (apimachinery/pkg/apis/meta/v1/validation),
 * `ValidateAnnotations`, and the character rules of
 * apimachinery/pkg/util/validation (`IsQualifiedName`, `IsValidLabelValue`).
 * Names per kind are checked in validate.ts.
 */
import { Finding, finder } from '../findings';
import { Manifest } from '../load';
import { entries, list, mapping, Report, text } from './shape';
import { isDnsSubdomain } from '../../lib/names';

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** `IsQualifiedName`: what is wrong with a label or annotation key, or undefined. */
export function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return 'has more than one \'/\'';
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    if (parts[0] === '') return 'has an empty prefix before \'/\'';
    if (!isDnsSubdomain(parts[0])) return `has the prefix ${JSON.stringify(parts[0])}, which is not a DNS-1123 subdomain`;
  }
  if (name === '') return 'has an empty name part';
  if (name.length > 63) return `has a name part of ${name.length} characters (at most 63)`;
  if (!QUALIFIED_NAME.test(name)) return 'has a name part that is not alphanumeric characters, \'-\', \'_\' or \'.\', starting and ending with an alphanumeric character';
  return undefined;
}

/** `IsValidLabelValue`: what is wrong with a label value, or undefined. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return `is ${value.length} characters long (at most 63)`;
  if (!LABEL_VALUE.test(value)) return 'is not empty or alphanumeric characters, \'-\', \'_\' or \'.\', starting and ending with an alphanumeric character';
  return undefined;
}

const KEY_FIX = 'use keys like app or example.com/app: an optional DNS subdomain prefix and \'/\', then at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit';

/** `ValidateLabels`: keys are qualified names, values valid label values. Non-string values are the schema's finding. */
export function checkLabels(labels: unknown, field: string, report: Report): void {
  for (const [key, value] of entries(labels)) {
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) report('error', `${field}.${key}`, `label key ${JSON.stringify(key)} ${keyProblem}`, KEY_FIX);
    if (typeof value === 'string') {
      const valueProblem = labelValueProblem(value);
      if (valueProblem) {
        report('error', `${field}.${key}`, `label value ${JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value)} ${valueProblem}`,
          'use at most 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending with a letter or digit, or move free text to an annotation');
      }
    }
  }
}

/** `TotalAnnotationSizeLimitB` of apimachinery's objectmeta.go: 256 KiB for keys and values together. */
export const TOTAL_ANNOTATION_SIZE_LIMIT_BYTES = 256 * 1024;

/** `ValidateAnnotations`: keys are qualified names (checked lowercased), total size at most 256 KiB. */
export function checkAnnotations(annotations: unknown, field: string, report: Report): void {
  let size = 0;
  for (const [key, value] of entries(annotations)) {
    const problem = qualifiedNameProblem(key.toLowerCase());
    if (problem) report('error', `${field}.${key}`, `annotation key ${JSON.stringify(key)} ${problem}`, KEY_FIX);
    size += Buffer.byteLength(key) + (typeof value === 'string' ? Buffer.byteLength(value) : 0);
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT_BYTES) {
    report('error', field, `total ${size} bytes, more than the API server's limit of ${TOTAL_ANNOTATION_SIZE_LIMIT_BYTES} (256 KiB)`,
      'move large values to a ConfigMap; note that kubectl apply\'s last-applied-configuration annotation adds a copy of the whole object');
  }
}

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/** `ValidateLabelSelector` and `ValidateLabelSelectorRequirement` (apimachinery meta/v1/validation). */
export function checkLabelSelector(selector: unknown, field: string, report: Report): void {
  const s = mapping(selector);
  if (!s) return;
  checkLabels(s.matchLabels, `${field}.matchLabels`, report);
  list(s.matchExpressions).forEach((e, i) => {
    const r = mapping(e);
    if (!r) return;
    const at = `${field}.matchExpressions[${i}]`;
    const values = list(r.values);
    if (r.operator === 'In' || r.operator === 'NotIn') {
      if (values.length === 0) report('error', `${at}.values`, `is empty, but operator ${r.operator} needs at least one value`, 'list the values, or use operator Exists');
    } else if (r.operator === 'Exists' || r.operator === 'DoesNotExist') {
      if (values.length > 0) report('error', `${at}.values`, `must be empty for operator ${r.operator}`, 'remove values, or use operator In');
    } else if (typeof r.operator === 'string' && !OPERATORS.has(r.operator)) {
      report('error', `${at}.operator`, `${JSON.stringify(r.operator)} is not a selector operator`, 'use In, NotIn, Exists or DoesNotExist');
    }
    if (typeof r.key === 'string') {
      const problem = qualifiedNameProblem(r.key);
      if (problem) report('error', `${at}.key`, `label key ${JSON.stringify(r.key)} ${problem}`, KEY_FIX);
    }
    values.forEach((v, j) => {
      const problem = typeof v === 'string' ? labelValueProblem(v) : undefined;
      if (problem) report('error', `${at}.values[${j}]`, `label value ${JSON.stringify(v)} ${problem}`, 'use a valid label value');
    });
  });
}

/**
 * `ValidateObjectMeta` for one object: labels, annotations and generateName.
 * The name itself is checked per kind in validate.ts.
 */
export function checkObjectMeta(m: Manifest, findings: Finding[]): void {
  const meta = mapping(mapping(m.object)?.metadata);
  if (!meta) return;
  const report = finder(findings, 'metadata', m);
  checkLabels(meta.labels, 'metadata.labels', report);
  checkAnnotations(meta.annotations, 'metadata.annotations', report);
  const generateName = text(meta.generateName);
  if (generateName && !text(meta.name)) {
    // kubectl apply (ApplyOptions.applyOneObject): `from <generateName>: cannot use generate name with apply`.
    report('error', 'metadata.generateName', `${JSON.stringify(generateName)} without a name: kubectl apply refuses it ("from ${generateName}: cannot use generate name with apply"), because apply needs a fixed name to compare with what is in the cluster`,
      'set metadata.name, or create the object with kubectl create instead of apply');
  }
}

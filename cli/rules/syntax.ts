/**
 * The string formats and selector shapes the API server checks, ported from
 * k8s.io/apimachinery v0.27.0 (`pkg/util/validation/validation.go`,
 * `pkg/apis/meta/v1/validation/validation.go`) and from
 * `pkg/apis/core/validation/validation.go` of Kubernetes 1.27. Each returns
 * problems as text (empty when valid) or reports through a `Report`.
 */
import { isIPv4, isIPv6 } from 'net';
import { qualifiedNameProblem } from './metadata';
import { list, mapping, Report } from './shape';
import { isDnsSubdomain } from '../../lib/names';

/** The value as a mapping, or {} when unset or of another type (the schema check reports the type). */
export function map(value: unknown): { [key: string]: any } {
  return mapping(value) ?? {};
}

/** Any value as text for a message: strings as they are, the rest as JSON (never throws). */
export function show(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** A non-empty string. */
export function filled(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** `IsQualifiedName` (the check of metadata.ts). */
export function isQualifiedName(value: string): boolean {
  return qualifiedNameProblem(value) === undefined;
}

/** `IsValidPortName` (IANA_SVC_NAME): at most 15 of [-a-z0-9], at least one letter, no leading, trailing or double '-'. */
export function isPortName(value: string): boolean {
  return value.length > 0 && value.length <= 15 && /^[-a-z0-9]+$/.test(value) && /[a-z]/.test(value)
    && !value.includes('--') && !value.startsWith('-') && !value.endsWith('-');
}

/** `IsValidPercent`: digits then '%'. */
export function isPercent(value: string): boolean {
  return /^[0-9]+%$/.test(value);
}

/**
 * `IsValidIP` (netutils.ParseIPSloppy): an IPv4 or IPv6 address; IPv4 octets
 * may carry leading zeros, as Go's pre-1.17 parser allowed. Returns the
 * address in a form `net` understands, or undefined.
 */
export function parseIp(value: string): { address: string; family: 'ipv4' | 'ipv6' } | undefined {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(value);
  if (v4) {
    const octets = v4.slice(1).map(Number);
    return octets.every(o => o <= 255) ? { address: octets.join('.'), family: 'ipv4' } : undefined;
  }
  if (!value.includes('%') && isIPv6(value)) return { address: value, family: 'ipv6' };
  return isIPv4(value) ? { address: value, family: 'ipv4' } : undefined;
}

/** `ValidateCIDR` (netutils.ParseCIDRSloppy): address '/' prefix length. */
export function parseCidr(value: string): { address: string; family: 'ipv4' | 'ipv6'; prefix: number } | undefined {
  const slash = value.lastIndexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIp(value.slice(0, slash));
  const bits = value.slice(slash + 1);
  if (!ip || !/^\d+$/.test(bits)) return undefined;
  const prefix = Number(bits);
  return prefix <= (ip.family === 'ipv4' ? 32 : 128) ? { address: ip.address, family: ip.family, prefix } : undefined;
}

/** True when `inner` lies inside `outer` and is strictly smaller (`ValidateIPBlock`'s except rule). */
export function isStrictSubnet(outer: NonNullable<ReturnType<typeof parseCidr>>, inner: NonNullable<ReturnType<typeof parseCidr>>): boolean {
  if (outer.family !== inner.family || outer.prefix >= inner.prefix) return false;
  const a = groups(outer);
  const b = groups(inner);
  for (let bit = 0; bit < outer.prefix; bit += 16) {
    const mask = outer.prefix - bit >= 16 ? 0xffff : (0xffff << (16 - (outer.prefix - bit))) & 0xffff;
    if ((a[bit / 16] & mask) !== (b[bit / 16] & mask)) return false;
  }
  return true;
}

/** An address of `parseIp` as 16-bit groups (2 for IPv4, 8 for IPv6; '::' and a dotted IPv4 tail expanded). */
function groups(ip: { address: string; family: 'ipv4' | 'ipv6' }): number[] {
  const fromV4 = (v4: string) => {
    const o = v4.split('.').map(Number);
    return [(o[0] << 8) | o[1], (o[2] << 8) | o[3]];
  };
  if (ip.family === 'ipv4') return fromV4(ip.address);
  let address = ip.address;
  let tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (dotted) {
    tail = fromV4(dotted[1]);
    address = address.slice(0, -dotted[1].length).replace(/:$/, address.endsWith('::' + dotted[1]) ? ':' : '');
  }
  const [head, rest] = address.split('::');
  const hex = (part: string | undefined) => (part ? part.split(':').map(g => parseInt(g, 16)) : []);
  const left = hex(head);
  const right = [...hex(rest), ...tail];
  return rest === undefined ? [...left, ...tail] : [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
}

/** `ValidateNodeSelector`, `ValidateNodeSelectorTerm`, `ValidateNodeSelectorRequirement`, `ValidateNodeFieldSelectorRequirement` (1.27). */
export function validateNodeSelector(report: Report, selector: unknown, field: string): void {
  const terms = list(map(selector).nodeSelectorTerms);
  if (terms.length === 0) {
    report('error', `${field}.nodeSelectorTerms`, 'is empty', 'give at least one node selector term');
    return;
  }
  terms.forEach((term: any, i: number) => validateNodeSelectorTerm(report, term, `${field}.nodeSelectorTerms[${i}]`));
}

/** `ValidateNodeSelectorTerm` with `ValidateNodeSelectorRequirement` and `ValidateNodeFieldSelectorRequirement` (1.27), on the term at `field`. */
export function validateNodeSelectorTerm(report: Report, term: any, field: string): void {
  list(term?.matchExpressions).forEach((e: any, j: number) => {
    const at = `${field}.matchExpressions[${j}]`;
    const n = list(e?.values).length;
    switch (e?.operator) {
      case 'In': case 'NotIn':
        if (n === 0) report('error', `${at}.values`, `is empty, but operator ${e.operator} needs at least one value`, 'list the node label values to match');
        break;
      case 'Exists': case 'DoesNotExist':
        if (n > 0) report('error', `${at}.values`, `must be empty when operator is ${e.operator}`, 'remove values, or use operator In or NotIn');
        break;
      case 'Gt': case 'Lt':
        if (n !== 1) report('error', `${at}.values`, `has ${n} values, but operator ${e.operator} needs exactly one`, 'give one integer value');
        break;
      default:
        report('error', `${at}.operator`, `${JSON.stringify(e?.operator)} is not a valid node selector operator`, 'use In, NotIn, Exists, DoesNotExist, Gt or Lt');
    }
    if (typeof e?.key === 'string' && !isQualifiedName(e.key)) {
      report('error', `${at}.key`, `${JSON.stringify(e.key)} is not a qualified name`, 'use a node label key such as kubernetes.io/hostname');
    }
  });
  list(term?.matchFields).forEach((e: any, j: number) => {
    const at = `${field}.matchFields[${j}]`;
    if (e?.operator !== 'In' && e?.operator !== 'NotIn') {
      report('error', `${at}.operator`, `${JSON.stringify(e?.operator)} is not valid for a node field selector`, 'use In or NotIn');
    } else if (list(e?.values).length !== 1) {
      report('error', `${at}.values`, `must hold exactly one value when operator is ${e.operator}`, 'give one node name');
    }
    if (e?.key !== 'metadata.name') {
      report('error', `${at}.key`, `${JSON.stringify(e?.key)} is not a valid field selector key`, 'use metadata.name');
    } else {
      list(e?.values).forEach((v: unknown, k: number) => {
        if (typeof v === 'string' && !isDnsSubdomain(v)) {
          report('error', `${at}.values[${k}]`, `${JSON.stringify(v)} is not a valid node name`, 'use a DNS-1123 subdomain');
        }
      });
    }
  });
}

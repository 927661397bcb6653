/**
 * Checks shared by the constructs for values that are wrong whatever else the
 * user does later. Each throws an InputError naming the object, the field, the
 * value and the fix.
 */
import { PersistentVolumeAccessMode, PersistentVolumeMode, PersistentVolumeReclaimPolicy, Protocol } from 'cdk8s-plus-27';
import { check } from './errors';
import { checkDnsLabel, isDnsSubdomain } from './names';

function oneOf(what: string, field: string, value: unknown, allowed: string[], fix: string): void {
  check(typeof value === 'string' && allowed.includes(value),
    `${what}: ${field} ${JSON.stringify(value)} is not one of ${allowed.join(', ')}; ${fix}`);
}

export function checkAccessModes(what: string, field: string, modes: readonly PersistentVolumeAccessMode[]): void {
  check(Array.isArray(modes) && modes.length > 0, `${what}: ${field} is empty; give at least one access mode, e.g. ReadWriteOnce`);
  const seen = new Set<string>();
  for (const mode of modes) {
    oneOf(what, field, mode, Object.values(PersistentVolumeAccessMode), 'use PersistentVolumeAccessMode');
    check(!seen.has(mode), `${what}: ${field} lists ${mode} twice; list each access mode once`);
    seen.add(mode);
  }
}

export function checkReclaimPolicy(what: string, field: string, policy: PersistentVolumeReclaimPolicy | undefined): void {
  if (policy !== undefined) {
    oneOf(what, field, policy, Object.values(PersistentVolumeReclaimPolicy), 'use PersistentVolumeReclaimPolicy.RETAIN to keep the data');
  }
}

export function checkVolumeMode(what: string, field: string, mode: PersistentVolumeMode | undefined): void {
  if (mode !== undefined) {
    oneOf(what, field, mode, Object.values(PersistentVolumeMode), 'use PersistentVolumeMode');
  }
}

export function checkProtocol(what: string, field: string, protocol: Protocol | undefined): void {
  if (protocol !== undefined) {
    oneOf(what, field, protocol, Object.values(Protocol), 'use Protocol.TCP, UDP or SCTP');
  }
}

export function checkPort(what: string, field: string, port: number): void {
  check(Number.isInteger(port) && port >= 1 && port <= 65535,
    `${what}: ${field} ${JSON.stringify(port)} is out of range; use a whole number from 1 to 65535`);
}

/** Largest value of an int32 field of the Kubernetes API. */
const MAX_INT32 = 2147483647;

export function checkCount(what: string, field: string, value: number, min: number): void {
  check(typeof value === 'number' && Number.isInteger(value) && value >= min,
    `${what}: ${field} ${describe(value)} is not a whole number >= ${min}; give e.g. ${Math.max(min, 1)}`);
  check(value <= MAX_INT32,
    `${what}: ${field} ${value} is larger than ${MAX_INT32}, the largest value of a Kubernetes int32 field; give a smaller number`);
}

/** JSON for numbers and strings, and a readable form for NaN and Infinity, which JSON prints as null. */
function describe(value: unknown): string {
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : JSON.stringify(value) ?? String(value);
}

// Container image reference, after the distribution/reference grammar:
// [host[:port]/]path[:tag][@algorithm:hex].
const IMAGE_DOMAIN = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::[0-9]+)?';
const IMAGE_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const IMAGE_REFERENCE = new RegExp(`^(?:${IMAGE_DOMAIN}/)?${IMAGE_COMPONENT}(?:/${IMAGE_COMPONENT})*(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`);

export function checkImage(what: string, field: string, image: string): void {
  check(typeof image === 'string' && image.length <= 4096 && IMAGE_REFERENCE.test(image),
    `${what}: ${field} ${describe(image)} is not an image reference; give [registry/]repository[:tag][@digest], e.g. beckjin/k8sdemo:1.2.0`);
}

export function checkNfsServer(what: string, field: string, server: string): void {
  check(typeof server === 'string' && server.trim().length > 0,
    `${what}: ${field} is empty; give the NFS server's host name or IP address, e.g. 192.168.124.21`);
  const isIpv6 = /^\[?[0-9a-fA-F:]+\]?$/.test(server) && server.includes(':');
  check(isDnsSubdomain(server) || isIpv6,
    `${what}: ${field} ${JSON.stringify(server)} is not a host name or IP address; give e.g. nfs.example.com or 192.168.124.21`);
}

export function checkNfsPath(what: string, field: string, path: string): void {
  check(typeof path === 'string' && path.length > 0, `${what}: ${field} is empty; give an absolute export path such as /statefulset/data1`);
  check(path.startsWith('/'), `${what}: ${field} ${JSON.stringify(path)} is relative; NFS export paths are absolute, e.g. /statefulset/data1`);
  check(!path.split('/').includes('..'), `${what}: ${field} ${JSON.stringify(path)} contains '..'; give the export path without parent references`);
  check(!/[\s\u0000-\u001f]/.test(path), `${what}: ${field} ${JSON.stringify(path)} contains whitespace or control characters; give a plain export path`);
}

export function checkLabels(what: string, field: string, labels: { [key: string]: string } | undefined): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    // At most one '/': split at the first and let the name check refuse any further '/'.
    const slash = key.indexOf('/');
    const [prefix, name] = slash >= 0 ? [key.slice(0, slash), key.slice(slash + 1)] : [undefined, key];
    check((prefix === undefined || isDnsSubdomain(prefix)) && /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/.test(name ?? '') && (name ?? '').length <= 63,
      `${what}: ${field} key ${JSON.stringify(key)} is not a valid label key; use [prefix/]name with at most 63 letters, digits, '-', '_' or '.'`);
    check(typeof value === 'string' && value.length <= 63 && /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(value),
      `${what}: ${field} ${key}=${JSON.stringify(value)} is not a valid label value; use at most 63 letters, digits, '-', '_' or '.'`);
  }
}

export function checkMountOptions(what: string, field: string, options: readonly string[] | undefined): void {
  for (const option of options ?? []) {
    check(typeof option === 'string' && option.length > 0 && !/[\s,]/.test(option),
      `${what}: ${field} entry ${JSON.stringify(option)} is not a single mount option; give one option per entry, e.g. 'nfsvers=4.1'`);
  }
}

/**
 * Checks one port entry: its number, the number it maps to (target or service
 * port), its protocol and its name.
 */
export function checkPortEntry(what: string, numberField: string, port: number, mappedField: string,
  mapped: number | undefined, protocol: Protocol | undefined, name: string | undefined): void {
  checkPort(what, numberField, port);
  if (mapped !== undefined) {
    checkPort(what, `port ${port} ${mappedField}`, mapped);
  }
  checkProtocol(what, `port ${port} protocol`, protocol);
  if (name !== undefined) {
    checkDnsLabel(what, `port ${port} name`, name);
  }
}

/** A relative path without `..` elements, as `validateLocalDescendingPath` demands. */
export function checkRelativePath(what: string, field: string, path: string): void {
  check(typeof path === 'string' && path.length > 0 && !path.startsWith('/') && !path.split('/').includes('..'),
    `${what}: ${field} ${JSON.stringify(path)} is not a relative path inside the volume; give a path such as conf/app.yaml, without a leading '/' or '..'`);
}

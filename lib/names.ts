/**
 * Every Kubernetes name this library derives is computed here, and only here.
 * The command-line checks import the same functions, so the claim names they
 * predict are the ones the StatefulSet controller creates.
 */
import { check } from './errors';

/** Longest StatefulSet name that still leaves room for the controller-revision-hash pod label. */
export const MAX_STATEFULSET_NAME_LENGTH = 52;
/** Why a StatefulSet name may be no longer, for messages. */
const WHY_52 = 'because longer names break the controller-revision-hash label of its pods';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** True when `name` is an RFC 1123 label (at most 63 characters). */
export function isDnsLabel(name: string): boolean {
  return name.length <= 63 && DNS1123_LABEL.test(name);
}

/** True when `name` is an RFC 1123 subdomain (at most 253 characters). */
export function isDnsSubdomain(name: string): boolean {
  return name.length <= 253 && DNS1123_SUBDOMAIN.test(name);
}

/**
 * True when `name` is an RFC 1035 label: a DNS-1123 label that starts with a
 * letter. Service names must be one (`ValidateServiceName` =
 * `apimachineryvalidation.NameIsDNS1035Label`, pkg/apis/core/validation/validation.go),
 * so a Service named `1svc`, a valid DNS-1123 label, is refused by the API server.
 */
export function isDns1035Label(name: string): boolean {
  return name.length <= 63 && DNS1035_LABEL.test(name);
}

/** `base` when it is a valid Service name, else `svc-<base>` when that is, else `my-service`: the example of a fix. */
export function serviceNameExample(base: string): string {
  return [base, `svc-${base}`].find(isDns1035Label) ?? 'my-service';
}

/** Throws unless `name` is a valid Service name (DNS-1035 label, `ValidateServiceName`); `fix` ends the message. */
export function checkServiceName(what: string, field: string, name: string, fix: string = `use e.g. ${serviceNameExample(name)}`): void {
  check(typeof name === 'string' && isDns1035Label(name),
    `${what}: ${field} ${JSON.stringify(name)} is not a valid Service name (DNS-1035 label: at most 63 lowercase letters, digits and '-', starting with a letter and ending with a letter or digit); ${fix}`);
}

/** Throws unless `name` is a valid DNS-1123 label. */
export function checkDnsLabel(what: string, field: string, name: string): void {
  check(typeof name === 'string' && isDnsLabel(name),
    `${what}: ${field} ${JSON.stringify(name)} is not a valid name; use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit`);
}

/** Throws unless `name` is a valid DNS-1123 subdomain. */
export function checkDnsSubdomain(what: string, field: string, name: string): void {
  check(typeof name === 'string' && isDnsSubdomain(name),
    `${what}: ${field} ${JSON.stringify(name)} is not a valid name; use at most 253 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit`);
}

/** Throws unless `name` is a usable StatefulSet name. */
export function checkStatefulSetName(name: string): void {
  // A DNS-1123 label, but the limit that applies is 52, not the label's 63.
  check(typeof name === 'string' && isDnsLabel(name),
    `statefulset ${JSON.stringify(name)}: name ${JSON.stringify(name)} is not a valid name; use at most ${MAX_STATEFULSET_NAME_LENGTH} lowercase letters, digits and '-', starting and ending with a letter or digit (${MAX_STATEFULSET_NAME_LENGTH}, not a DNS label's 63, ${WHY_52})`);
  check(name.length <= MAX_STATEFULSET_NAME_LENGTH,
    `statefulset ${name}: name is ${name.length} characters long; use at most ${MAX_STATEFULSET_NAME_LENGTH}, ${WHY_52}`);
}

/** Name of pod `ordinal` of a StatefulSet: `<statefulset>-<ordinal>`. */
export function podName(statefulSet: string, ordinal: number): string {
  return `${statefulSet}-${ordinal}`;
}

/** Name of the claim the controller creates for `template` and pod `ordinal`: `<template>-<statefulset>-<ordinal>`. */
export function claimName(template: string, statefulSet: string, ordinal: number): string {
  return `${template}-${podName(statefulSet, ordinal)}`;
}

/** Stable DNS name of a StatefulSet pod behind its headless Service. */
export function podDnsName(statefulSet: string, ordinal: number, service: string, namespace: string): string {
  return `${podName(statefulSet, ordinal)}.${service}.${namespace}.svc.cluster.local`;
}

/** Default name of the headless Service that governs a StatefulSet. */
export function defaultServiceName(statefulSet: string): string {
  return `${statefulSet}-headless`;
}

/**
 * Default name of the StorageClass created for CSI NFS storage:
 * `<template>-<statefulset>-nfs-csi`, or `<statefulset>-nfs-csi` when the
 * template is named like the StatefulSet (`media-nfs-csi`, not
 * `media-media-nfs-csi`).
 *
 * Only that stuttering case changed (in 0.1.0, before the package was
 * published): every other default name stays, because a claim template's
 * `storageClassName` cannot change on a live StatefulSet (the API server
 * refuses updates to spec.volumeClaimTemplates, `ValidateStatefulSetUpdate`
 * in pkg/apis/apps/validation/validation.go), and existing claims keep the
 * old class. An app synthesized before the change keeps its name by setting
 * `storageClassName: '<name>-<name>-nfs-csi'` on the template;
 * `cdk8s-stateful diff --git-ref` reports the change as refused otherwise.
 */
export function defaultCsiStorageClassName(template: string, statefulSet: string): string {
  return template === statefulSet ? `${statefulSet}-nfs-csi` : `${template}-${statefulSet}-nfs-csi`;
}

/** Placeholders understood by PV name and export path patterns. */
export const PATTERN_PLACEHOLDERS = ['{template}', '{statefulset}', '{ordinal}', '{number}'];

/** Values substituted into a pattern for one claim. */
export interface PatternValues {
  readonly template: string;
  readonly statefulSet: string;
  readonly ordinal: number;
}

/**
 * Throws unless `pattern` uses only known placeholders and at least one per-ordinal
 * placeholder, so that each ordinal gets its own object.
 */
export function checkPattern(what: string, field: string, pattern: string): void {
  check(typeof pattern === 'string' && pattern.length > 0, `${what}: ${field} is empty; give a pattern such as {template}-{statefulset}-pv-{number}`);
  for (const found of pattern.match(/\{[^}]*\}/g) ?? []) {
    check(PATTERN_PLACEHOLDERS.includes(found),
      `${what}: ${field} ${JSON.stringify(pattern)} uses unknown placeholder ${found}; use ${PATTERN_PLACEHOLDERS.join(', ')}`);
  }
  check(pattern.includes('{ordinal}') || pattern.includes('{number}'),
    `${what}: ${field} ${JSON.stringify(pattern)} has no {ordinal} or {number}, so every pod would get the same one; add {number} (1-based) or {ordinal} (0-based)`);
}

/** Expands a pattern: `{ordinal}` counts from 0 like pods, `{number}` from 1 like the seed's PVs. */
export function expandPattern(pattern: string, values: PatternValues): string {
  return pattern
    .split('{template}').join(values.template)
    .split('{statefulset}').join(values.statefulSet)
    .split('{ordinal}').join(String(values.ordinal))
    .split('{number}').join(String(values.ordinal + 1));
}

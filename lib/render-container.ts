/**
 * Checks and renders one container of a workload's pod: the main container,
 * a sidecar or an init container. Private to the package.
 */
import { Lazy } from 'cdk8s';
import { ContainerResources, ImagePullPolicy } from 'cdk8s-plus-27';
import { ContainerSpec } from './container';
import { EnvSource } from './env-source';
import { check } from './errors';
import { LifecycleHook } from './lifecycle-hook';
import { checkDnsLabel } from './names';
import { Probe } from './probe';
import { renderSize } from './quantity';
import { renderContainerSecurity } from './render-security';
import { ContainerSecurityProps } from './security-context';
import { checkImage, checkPortEntry } from './validate-props';
import { Quantity } from '../imports/k8s';

/** Where a container goes in the pod spec. */
export enum ContainerRole {
  MAIN = 'container',
  SIDECAR = 'sidecar',
  INIT = 'init container',
}

/** A variable name as `validateEnv` accepts it (`IsEnvVarName`). */
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** How messages name a container: the main one as the workload, e.g. `statefulset db`; others as `statefulset db sidecar exporter`. */
export function subjectOf(what: string, role: ContainerRole, name: string): string {
  return role === ContainerRole.MAIN ? what : `${what} ${role} ${name}`;
}

/** Checks what can be checked of one container on its own; `what` names the workload. */
export function checkContainer(what: string, role: ContainerRole, c: ContainerSpec): void {
  if (c === null || typeof c !== 'object') {
    check(false, `${what}: a ${role} is ${JSON.stringify(c)}; give an object with name and image`);
  }
  // The main container keeps the workload's field names (containerName, image); the others are named by role.
  const main = role === ContainerRole.MAIN;
  checkDnsLabel(what, main ? 'containerName' : `${role} name`, c.name);
  const where = subjectOf(what, role, c.name);
  checkImage(what, main ? 'image' : `${role} ${c.name} image`, c.image);
  check(c.imagePullPolicy === undefined || Object.values(ImagePullPolicy).includes(c.imagePullPolicy),
    `${where}: imagePullPolicy ${JSON.stringify(c.imagePullPolicy)} is not one of ${Object.values(ImagePullPolicy).join(', ')}; use ImagePullPolicy`);
  for (const field of ['command', 'args'] as const) {
    const list = c[field];
    check(list === undefined || (Array.isArray(list) && list.every(a => typeof a === 'string')),
      `${where}: ${field} must be a list of strings, e.g. ['--port', '8080']`);
  }
  for (const name of Object.keys(c.env ?? {})) {
    check(ENV_NAME.test(name), `${where}: env name ${JSON.stringify(name)} is not a valid variable name; use letters, digits, '_', '-' and '.', not starting with a digit`);
  }
  for (const source of c.envFrom ?? []) {
    check(source instanceof EnvSource, `${where}: envFrom entries must be EnvSource objects, e.g. EnvSource.fromConfigMap(configMap)`);
  }
  for (const field of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
    const probe = c[field];
    check(probe === undefined || probe instanceof Probe, `${where}: ${field} must be a Probe, e.g. Probe.fromTcpSocket({ port: 8080 })`);
    // validateInitContainers (1.27): init containers may not have probes or lifecycle hooks.
    check(role !== ContainerRole.INIT || probe === undefined,
      `${where}: ${field} is set, but init containers run to completion and cannot have probes; drop ${field} or make it a sidecar`);
  }
  for (const field of ['postStart', 'preStop'] as const) {
    const hook = c[field];
    check(hook === undefined || hook instanceof LifecycleHook, `${where}: ${field} must be a LifecycleHook, e.g. LifecycleHook.fromCommand(['sleep', '5'])`);
    check(role !== ContainerRole.INIT || hook === undefined,
      `${where}: ${field} is set, but init containers cannot have lifecycle hooks; drop ${field}`);
  }
  for (const port of c.ports ?? []) {
    checkPortEntry(where, 'ports containerPort', port.containerPort, 'servicePort', undefined, port.protocol, port.name);
    // validateContainerPorts: a port name is an IANA service name of at most 15 characters.
    check(port.name === undefined || port.name.length <= 15,
      `${where}: port ${port.containerPort} name ${port.name} is longer than 15 characters; give a shorter name, e.g. metrics`);
  }
}

/** The Kubernetes container; `mounts` are the rendered volume mounts, resolved at synthesis. */
export function renderContainer(what: string, c: ContainerSpec, security: ContainerSecurityProps, mounts: () => any[] | undefined): any {
  return {
    name: c.name,
    image: c.image,
    imagePullPolicy: c.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT,
    command: c.command ? [...c.command] : undefined,
    args: c.args ? [...c.args] : undefined,
    ports: c.ports === undefined || c.ports.length === 0 ? undefined
      : c.ports.map(p => ({ containerPort: p.containerPort, name: p.name, protocol: p.protocol })),
    env: c.env === undefined ? undefined : Object.entries(c.env).map(([name, value]) => ({ name, value: value.value, valueFrom: value.valueFrom })),
    envFrom: c.envFrom === undefined || c.envFrom.length === 0 ? undefined : c.envFrom.map(s => s.toKube()),
    resources: renderResources(what, c.resources),
    livenessProbe: c.livenessProbe?.toKube(),
    readinessProbe: c.readinessProbe?.toKube(),
    startupProbe: c.startupProbe?.toKube(),
    lifecycle: c.postStart === undefined && c.preStop === undefined ? undefined
      : { postStart: c.postStart?.toKube(), preStop: c.preStop?.toKube() },
    securityContext: renderContainerSecurity(security),
    volumeMounts: Lazy.any({ produce: mounts }),
  };
}

/** The container `resources`, or undefined. */
export function renderResources(what: string, resources: ContainerResources | undefined): any {
  if (resources === undefined) {
    return undefined;
  }
  const requests: { [key: string]: Quantity } = {};
  const limits: { [key: string]: Quantity } = {};
  if (resources.cpu?.request) requests.cpu = Quantity.fromString(resources.cpu.request.amount);
  if (resources.cpu?.limit) limits.cpu = Quantity.fromString(resources.cpu.limit.amount);
  if (resources.memory?.request) requests.memory = Quantity.fromString(renderSize(what, 'memory request', resources.memory.request));
  if (resources.memory?.limit) limits.memory = Quantity.fromString(renderSize(what, 'memory limit', resources.memory.limit));
  if (resources.ephemeralStorage?.request) requests['ephemeral-storage'] = Quantity.fromString(renderSize(what, 'ephemeral storage request', resources.ephemeralStorage.request));
  if (resources.ephemeralStorage?.limit) limits['ephemeral-storage'] = Quantity.fromString(renderSize(what, 'ephemeral storage limit', resources.ephemeralStorage.limit));
  return {
    requests: Object.keys(requests).length ? requests : undefined,
    limits: Object.keys(limits).length ? limits : undefined,
  };
}

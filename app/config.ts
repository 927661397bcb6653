/**
 * Per-cluster settings of the k8sdemo app, read from an optional YAML file and
 * from environment variables, without editing code. Every bad value is
 * reported with its source (file and line, or variable), field, value and fix.
 */
import * as fs from 'fs';
import * as path from 'path';
import { closest, distance } from 'fastest-levenshtein';
import { isMap, isScalar, LineCounter, parseDocument, YAMLMap } from 'yaml';
import { InputError } from '../lib/errors';
import { checkDnsLabel, checkDnsSubdomain, checkPattern, checkServiceName, checkStatefulSetName } from '../lib/names';
import { parseSize } from '../lib/quantity';
import { checkImage, checkNfsPath, checkNfsServer } from '../lib/validate-props';

/** The settings of the k8sdemo app, after defaults. */
export interface K8sDemoConfig {
  readonly name: string;
  readonly namespace: string;
  readonly replicas: number;
  readonly image: string;
  readonly serviceName: string;
  readonly storageSize: string;
  readonly storageClassName: string;
  readonly accessMode: string;
  readonly nfsMode: string;
  readonly nfsServer: string;
  readonly nfsExportPathPattern: string;
  readonly nfsVolumeNamePattern: string;
  readonly nfsPreBind: boolean;
  readonly nfsShare: string;
}

type Kind = 'string' | 'integer' | 'boolean';

interface Field {
  /** Dotted path in the YAML file. */
  readonly path: string;
  /** Environment variable. */
  readonly env: string;
  readonly key: keyof K8sDemoConfig;
  readonly kind: Kind;
  readonly defaultValue: string | number | boolean;
  readonly help: string;
  /** Throws an InputError naming `where` (source and field) when the value is wrong. */
  readonly check?: (what: string, field: string, value: any) => void;
  /** The names this setting had before it took the library's prop name; still read, with a warning. */
  readonly oldPath?: string;
  readonly oldEnv?: string;
}

const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];
const NFS_MODES = ['static', 'csi'];

function oneOf(allowed: string[]) {
  return (what: string, field: string, value: string) => {
    if (!allowed.includes(value)) {
      throw new InputError(`${what}: ${field} ${describe(value)} is not one of ${allowed.join(', ')}; use one of those`);
    }
  };
}

function checkName(what: string, field: string, value: string) {
  try {
    checkStatefulSetName(value);
  } catch (e) {
    throw new InputError(`${what}: ${field}: ${(e as Error).message}`);
  }
}

/**
 * Most replicas the k8sdemo app makes. In static mode each pod gets its own
 * PersistentVolume and needs its own NFS export, made by hand on the server;
 * 1000 synthesizes in about 2 s (385 KB of YAML), while 200000 ran for 36 s
 * and 1.5 GB before cdk8s's YAML output (`Yaml.save`) overflowed the stack.
 * The same bound holds in csi mode: one StatefulSet of 1000 pods is far past a
 * demo. A library user sets `replicas` without this bound.
 */
export const MAX_REPLICAS = 1000;

function checkReplicas(what: string, field: string, value: number) {
  if (value > MAX_REPLICAS) {
    throw new InputError(`${what}: ${field} ${value} is more than ${MAX_REPLICAS}, the most the k8sdemo app makes (one PersistentVolume and one NFS export per pod); give at most ${MAX_REPLICAS}`);
  }
}

/** The default config file, read when it exists. */
export const DEFAULT_CONFIG_FILE = 'k8sdemo.config.yaml';
/** Environment variable naming another config file. */
export const CONFIG_FILE_ENV = 'K8SDEMO_CONFIG';

/** Every setting: its file path, variable, default (the seed's value unless noted) and meaning. */
export const FIELDS: readonly Field[] = [
  { path: 'name', env: 'K8SDEMO_NAME', key: 'name', kind: 'string', defaultValue: 'k8sdemo', help: 'StatefulSet name, and the pod label name=<name>', check: checkName, },
  { path: 'namespace', env: 'K8SDEMO_NAMESPACE', key: 'namespace', kind: 'string', defaultValue: 'default', help: 'namespace of the StatefulSet, Service and claims (named in pre-bound PVs)', check: checkDnsLabel, },
  { path: 'replicas', env: 'K8SDEMO_REPLICAS', key: 'replicas', kind: 'integer', defaultValue: 3, help: `number of pods, and of static PVs (at most ${MAX_REPLICAS})`, check: checkReplicas, },
  { path: 'image', env: 'K8SDEMO_IMAGE', key: 'image', kind: 'string', defaultValue: 'beckjin/k8sdemo:1.2.0', help: 'container image', check: checkImage, },
  { path: 'serviceName', env: 'K8SDEMO_SERVICE_NAME', key: 'serviceName', kind: 'string', defaultValue: 'k8sdemo-service', help: 'headless Service name (a DNS-1035 label: starts with a letter)', check: (w, f, v) => checkServiceName(w, f, v, 'use e.g. k8sdemo-service'), },
  { path: 'storage.storageSize', env: 'K8SDEMO_STORAGE_SIZE', key: 'storageSize', kind: 'string', defaultValue: '100Mi', help: 'storage per pod (binary suffix: Ki, Mi, Gi, Ti, Pi)', check: parseSize, oldPath: 'storage.size', },
  { path: 'storage.storageClassName', env: 'K8SDEMO_STORAGE_CLASS_NAME', key: 'storageClassName', oldPath: 'storage.className', oldEnv: 'K8SDEMO_STORAGE_CLASS', kind: 'string', defaultValue: 'k8sdemo-sc', help: 'storage class of claims and PVs', check: (w, f, v) => { if (v !== '') checkDnsSubdomain(w, f, v); }, },
  { path: 'storage.accessMode', env: 'K8SDEMO_ACCESS_MODE', key: 'accessMode', kind: 'string', defaultValue: 'ReadWriteOnce', help: 'ReadWriteOnce (default; the app writes logs), the seed\'s ReadOnlyMany, ReadWriteMany or ReadWriteOncePod (one pod at a time)', check: oneOf(ACCESS_MODES), },
  { path: 'nfs.mode', env: 'K8SDEMO_NFS_MODE', key: 'nfsMode', kind: 'string', defaultValue: 'static', help: 'static (one PV per pod) or csi (StorageClass of nfs.csi.k8s.io)', check: oneOf(NFS_MODES), },
  { path: 'nfs.server', env: 'K8SDEMO_NFS_SERVER', key: 'nfsServer', kind: 'string', defaultValue: '192.168.124.21', help: 'NFS server host name or IP', check: checkNfsServer, },
  { path: 'nfs.exportPathPattern', env: 'K8SDEMO_NFS_EXPORT_PATH_PATTERN', key: 'nfsExportPathPattern', oldPath: 'nfs.exportPattern', oldEnv: 'K8SDEMO_NFS_EXPORT_PATTERN', kind: 'string', defaultValue: '/statefulset/{template}{number}', help: 'static mode: export path per pod; {number} counts from 1, {ordinal} from 0', check: (w, f, v) => { checkPattern(w, f, v); checkNfsPath(w, f, v); }, },
  { path: 'nfs.volumeNamePattern', env: 'K8SDEMO_NFS_VOLUME_NAME_PATTERN', key: 'nfsVolumeNamePattern', kind: 'string', defaultValue: '{template}-{statefulset}-pv-{number}', help: 'static mode: PV name per pod', check: checkPattern, },
  { path: 'nfs.preBind', env: 'K8SDEMO_NFS_PRE_BIND', key: 'nfsPreBind', oldEnv: 'K8SDEMO_NFS_PREBIND', kind: 'boolean', defaultValue: true, help: 'static mode: pre-bind PV n+1 to the claim of pod n (false: the seed\'s random binding)' },
  { path: 'nfs.share', env: 'K8SDEMO_NFS_SHARE', key: 'nfsShare', kind: 'string', defaultValue: '/statefulset', help: 'csi mode: export under which the driver makes one folder per claim', check: checkNfsPath, },
];

/** Writes one warning line; loadConfig's default writes to stderr. */
export type Warn = (line: string) => void;

const stderrWarn: Warn = line => { process.stderr.write(`${line}\n`); };

/** ` (did you mean X?)` when a known name is close to `name`, else a list of the known names. */
function suggest(name: string, known: readonly string[]): string {
  const best = closest(name, [...known]);
  return distance(name, best) <= Math.max(2, Math.floor(name.length / 4))
    ? `did you mean ${best}?`
    : `use one of ${known.join(', ')}`;
}

function describe(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function coerce(source: string, field: Field, raw: unknown, fromEnv: boolean, name: string): string | number | boolean {
  const where = `${source}: ${name}`;
  switch (field.kind) {
    case 'integer': {
      const n = fromEnv && typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : raw;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
        throw new InputError(`${where}: ${describe(raw)} is not a whole number >= 0; give e.g. ${field.defaultValue}`);
      }
      field.check?.(source, name, n);
      return n;
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return raw;
      if (fromEnv && typeof raw === 'string' && ['true', 'false'].includes(raw.trim().toLowerCase())) return raw.trim().toLowerCase() === 'true';
      throw new InputError(`${where}: ${describe(raw)} is not a boolean; give true or false`);
    }
    default: {
      if (typeof raw !== 'string') {
        throw new InputError(`${where}: ${describe(raw)} is not a string; give e.g. ${field.defaultValue}`);
      }
      field.check?.(source, name, raw);
      return raw;
    }
  }
}

function readFile(file: string, display: string, explicit: boolean, warn: Warn): Map<string, { value: unknown; source: string; name?: string }> {
  const values = new Map<string, { value: unknown; source: string; name?: string }>();
  if (!fs.existsSync(file)) {
    if (explicit) {
      throw new InputError(`environment variable ${CONFIG_FILE_ENV}: config file ${display} does not exist; give the path of a YAML file, or unset ${CONFIG_FILE_ENV}`);
    }
    return values;
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(fs.readFileSync(file, 'utf-8'), { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const { line, col } = lineCounter.linePos(err.pos[0]);
    throw new InputError(`${display}:${line}:${col}: config file is not valid YAML (${err.message.split('\n')[0]}); fix the syntax`);
  }
  if (doc.contents === null) {
    return values;
  }
  const lineOf = (node: any) => node?.range ? lineCounter.linePos(node.range[0]).line : 1;
  const walk = (map: unknown, prefix: string) => {
    if (!isMap(map)) {
      throw new InputError(`${display}:${lineOf(map)}: ${prefix || 'config'}: expected a mapping of settings; see docs/configuration.md`);
    }
    for (const pair of (map as YAMLMap).items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const path = prefix ? `${prefix}.${key}` : key;
      const isSection = FIELDS.some(f => f.path.startsWith(`${path}.`));
      if (isSection) {
        walk(pair.value, path);
        continue;
      }
      const field = FIELDS.find(f => f.path === path) ?? FIELDS.find(f => f.oldPath === path);
      if (!field) {
        throw new InputError(`${display}:${lineOf(pair.key)}: ${path}: unknown setting; ${suggest(path, FIELDS.map(f => f.path))}`);
      }
      if (field.path !== path) {
        if (values.has(field.path)) {
          throw new InputError(`${display}:${lineOf(pair.key)}: ${path}: is the old name of ${field.path}, which is set too; keep only ${field.path}`);
        }
        warn(`warning: ${display}:${lineOf(pair.key)}: ${path} is renamed ${field.path}, as the library's prop; rename it`);
      } else if (values.has(field.path)) {
        throw new InputError(`${display}:${lineOf(pair.key)}: ${path}: ${field.oldPath} (its old name) is set too; keep only ${field.path}`);
      }
      const value = isScalar(pair.value) ? pair.value.value : (pair.value as any)?.toJSON?.() ?? null;
      values.set(field.path, { value, source: `${display}:${lineOf(pair.value ?? pair.key)}`, name: path });
    }
  };
  walk(doc.contents, '');
  return values;
}

/**
 * Reads the settings: defaults, then the config file (`K8SDEMO_CONFIG`, or
 * `k8sdemo.config.yaml` when it exists), then environment variables.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd(), warn: Warn = stderrWarn): K8sDemoConfig {
  const knownEnv = [CONFIG_FILE_ENV, ...FIELDS.map(f => f.env)];
  for (const name of Object.keys(env).filter(n => n.startsWith('K8SDEMO_')).sort()) {
    if (knownEnv.includes(name)) continue;
    const renamed = FIELDS.find(f => f.oldEnv === name);
    if (!renamed) {
      throw new InputError(`environment: ${name}: unknown variable; ${suggest(name, knownEnv)}`);
    }
    if (env[renamed.env] !== undefined) {
      throw new InputError(`environment: ${name}: is the old name of ${renamed.env}, which is set too; keep only ${renamed.env}`);
    }
    warn(`warning: environment: ${name} is renamed ${renamed.env}, as the library's prop; rename it`);
  }
  const explicit = env[CONFIG_FILE_ENV] !== undefined && env[CONFIG_FILE_ENV] !== '';
  const file = explicit ? env[CONFIG_FILE_ENV]! : DEFAULT_CONFIG_FILE;
  const fromFile = readFile(path.resolve(cwd, file), file, explicit, warn);
  const result: { [key: string]: unknown } = {};
  for (const field of FIELDS) {
    let value: string | number | boolean = field.defaultValue;
    const inFile = fromFile.get(field.path);
    if (inFile) {
      value = coerce(inFile.source, field, inFile.value, false, inFile.name ?? field.path);
    }
    const envName = env[field.env] !== undefined ? field.env : field.oldEnv !== undefined && env[field.oldEnv] !== undefined ? field.oldEnv : undefined;
    if (envName !== undefined) {
      value = coerce('environment', field, env[envName], true, envName);
    }
    result[field.key] = value;
  }
  return result as unknown as K8sDemoConfig;
}

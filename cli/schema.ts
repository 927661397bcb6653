/**
 * Strict validation of Kubernetes objects against the 1.27 schema that
 * `cdk8s import k8s@1.27.0` uses, with Ajv. "Strict" as in kubeconform
 * --strict: unknown fields are errors, and so are malformed quantities and
 * out-of-range int32 values, which the raw schema lets through.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';

/** Kubernetes version of the bundled schema. */
export const KUBERNETES_VERSION = '1.27.0';

/** A Kubernetes quantity, as the API server parses it (resource.ParseQuantity). */
export const QUANTITY_PATTERN = '^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$';

const KEPT = new Set(['type', 'properties', 'required', 'items', '$ref', 'enum', 'additionalProperties', 'oneOf', 'anyOf', 'format']);
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const GVK = 'x-kubernetes-group-version-kind';

/** One schema violation. */
export interface SchemaViolation {
  /** JSON path of the field, e.g. `spec.template.spec.containers[0].ports[0].containerPort`. */
  readonly field: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

function schemaFile(): string {
  // Works from the TypeScript sources and from compiled JavaScript one folder deeper.
  for (const dir of [path.join(__dirname, '..'), path.join(__dirname, '..', '..')]) {
    const candidate = path.join(dir, 'schema', 'kubernetes', `v${KUBERNETES_VERSION}`, '_definitions.json');
    if (fs.existsSync(candidate)) {
      return candidate;
    }
  }
  throw new Error(`kubernetes ${KUBERNETES_VERSION} schema not found next to ${__dirname}`);
}

/** Copies a schema node, keeping only validation keywords and forbidding unknown fields. */
function strict(node: any): any {
  if (Array.isArray(node) || node === null || typeof node !== 'object') {
    return node;
  }
  const out: any = {};
  for (const [key, value] of Object.entries(node)) {
    if (!KEPT.has(key)) continue;
    if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, strict(v)]));
    } else if (key === 'items' || (key === 'additionalProperties' && typeof value === 'object')) {
      out[key] = strict(value);
    } else if (key === 'oneOf' || key === 'anyOf') {
      out[key] = (value as any[]).map(strict);
    } else {
      out[key] = value;
    }
  }
  if (out.properties && out.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  return out;
}

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];
const VOLUME_MODES = ['Filesystem', 'Block'];
const PORT = { minimum: 1, maximum: 65535 };
const OPTIONAL_PORT = { minimum: 0, maximum: 65535 };
const NOT_NEGATIVE = { minimum: 0 };

/**
 * Values the API server checks but the OpenAPI schema only describes in prose:
 * definition -> property -> extra keywords (`items.enum` applies to array items).
 */
const SERVER_CHECKS: { [definition: string]: { [property: string]: any } } = {
  'io.k8s.api.core.v1.PersistentVolumeSpec': {
    accessModes: { items: { enum: ACCESS_MODES } },
    persistentVolumeReclaimPolicy: { enum: ['Retain', 'Delete', 'Recycle'] },
    volumeMode: { enum: VOLUME_MODES },
  },
  'io.k8s.api.core.v1.PersistentVolumeClaimSpec': { accessModes: { items: { enum: ACCESS_MODES } }, volumeMode: { enum: VOLUME_MODES } },
  'io.k8s.api.storage.v1.StorageClass': { reclaimPolicy: { enum: ['Retain', 'Delete'] }, volumeBindingMode: { enum: ['Immediate', 'WaitForFirstConsumer'] } },
  'io.k8s.api.apps.v1.StatefulSetSpec': { podManagementPolicy: { enum: ['OrderedReady', 'Parallel'] }, replicas: NOT_NEGATIVE, minReadySeconds: NOT_NEGATIVE, revisionHistoryLimit: NOT_NEGATIVE },
  'io.k8s.api.apps.v1.StatefulSetUpdateStrategy': { type: { enum: ['RollingUpdate', 'OnDelete'] } },
  'io.k8s.api.apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy': { whenDeleted: { enum: ['Retain', 'Delete'] }, whenScaled: { enum: ['Retain', 'Delete'] } },
  'io.k8s.api.apps.v1.StatefulSetOrdinals': { start: NOT_NEGATIVE },
  'io.k8s.api.apps.v1.DeploymentSpec': { replicas: NOT_NEGATIVE },
  'io.k8s.api.apps.v1.DeploymentStrategy': { type: { enum: ['Recreate', 'RollingUpdate'] } },
  'io.k8s.api.apps.v1.ReplicaSetSpec': { replicas: NOT_NEGATIVE },
  'io.k8s.api.core.v1.ContainerPort': { protocol: { enum: PROTOCOLS }, containerPort: PORT, hostPort: OPTIONAL_PORT },
  'io.k8s.api.core.v1.ServicePort': { protocol: { enum: PROTOCOLS }, port: PORT, nodePort: OPTIONAL_PORT },
  'io.k8s.api.core.v1.ServiceSpec': { type: { enum: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] } },
  'io.k8s.api.core.v1.Container': { imagePullPolicy: { enum: ['Always', 'Never', 'IfNotPresent'] } },
  'io.k8s.api.core.v1.PodSpec': { restartPolicy: { enum: ['Always', 'OnFailure', 'Never'] } },
  'io.k8s.api.networking.v1.NetworkPolicyPort': { protocol: { enum: PROTOCOLS } },
};

function applyServerChecks(definitions: { [name: string]: any }): void {
  for (const [definition, properties] of Object.entries(SERVER_CHECKS)) {
    for (const [property, extra] of Object.entries(properties)) {
      const target = definitions[definition]?.properties?.[property];
      if (!target) {
        throw new Error(`schema: ${definition}.${property} not found; update SERVER_CHECKS for Kubernetes ${KUBERNETES_VERSION}`);
      }
      if (extra.items) {
        Object.assign(target.items, extra.items);
      } else {
        Object.assign(target, extra);
      }
    }
  }
}

let cached: SchemaValidator | undefined;

/** Validates objects of any kind in the Kubernetes 1.27 schema. */
export class SchemaValidator {
  /** The shared instance; the schema is read and prepared once per process. */
  public static get(): SchemaValidator {
    cached ??= new SchemaValidator();
    return cached;
  }

  private readonly ajv: Ajv;
  private readonly byGvk = new Map<string, string>();
  private readonly compiled = new Map<string, ValidateFunction>();

  private constructor() {
    const raw = JSON.parse(fs.readFileSync(schemaFile(), 'utf-8'));
    const definitions: { [name: string]: any } = {};
    for (const [name, def] of Object.entries<any>(raw.definitions)) {
      definitions[name] = strict(def);
      for (const gvk of def[GVK] ?? []) {
        const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
        // Only definitions with metadata are objects one can write in a manifest.
        if (def.properties?.metadata) {
          this.byGvk.set(`${apiVersion}/${gvk.kind}`, name);
        }
      }
    }
    applyServerChecks(definitions);
    definitions[QUANTITY] = {
      oneOf: [{ type: 'string', pattern: QUANTITY_PATTERN }, { type: 'number' }],
    };
    this.ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true, verbose: true });
    const int = (bits: number) => ({ type: 'number' as const, validate: (n: number) => Number.isInteger(n) && n >= -(2 ** (bits - 1)) && n < 2 ** (bits - 1) });
    this.ajv.addFormat('int32', int(32));
    this.ajv.addFormat('int64', int(64));
    this.ajv.addFormat('double', { type: 'number', validate: () => true });
    this.ajv.addFormat('byte', /^[A-Za-z0-9+/]*={0,2}$/);
    this.ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
    this.ajv.addSchema({ $id: 'k8s', definitions });
  }

  /** True when the schema knows `kind` at `apiVersion`. */
  public knows(apiVersion: string, kind: string): boolean {
    return this.byGvk.has(`${apiVersion}/${kind}`);
  }

  /** Schema violations of one object; empty when it is valid. */
  public validate(object: any): SchemaViolation[] {
    if (object === null || typeof object !== 'object' || Array.isArray(object)) {
      return [{ field: '', message: 'a manifest document must be a mapping with apiVersion, kind and metadata' }];
    }
    const { apiVersion, kind } = object;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
      return [{ field: typeof apiVersion !== 'string' ? 'apiVersion' : 'kind', message: 'is missing; every object needs apiVersion and kind' }];
    }
    const name = this.byGvk.get(`${apiVersion}/${kind}`);
    if (name === undefined) {
      const versions = [...this.byGvk.keys()].filter(k => k.endsWith(`/${kind}`)).map(k => k.slice(0, -kind.length - 1));
      return [{
        field: versions.length ? 'apiVersion' : 'kind',
        message: versions.length
          ? `kind ${kind} does not exist in ${apiVersion} in Kubernetes ${KUBERNETES_VERSION}; use apiVersion ${versions.join(' or ')}`
          : `kind ${kind} is unknown to Kubernetes ${KUBERNETES_VERSION}; check the spelling, or validate custom resources with their own schema`,
      }];
    }
    let validate = this.compiled.get(name);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `k8s#/definitions/${name}` });
      this.compiled.set(name, validate);
    }
    if (validate(object)) {
      return [];
    }
    return reduceErrors(validate.errors ?? []);
  }
}

function fieldOf(instancePath: string): string {
  return instancePath.split('/').slice(1).reduce((acc, part) => {
    const seg = part.replace(/~1/g, '/').replace(/~0/g, '~');
    return /^\d+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg;
  }, '');
}

/** Turns Ajv's errors into one message per field, dropping the noise of oneOf branches. */
function reduceErrors(errors: ErrorObject[]): SchemaViolation[] {
  const out = new Map<string, SchemaViolation>();
  for (const e of errors) {
    const field = fieldOf(e.instancePath);
    let message: string;
    switch (e.keyword) {
      case 'additionalProperties': {
        const extra = (e.params as any).additionalProperty;
        const at = field ? `${field}.${extra}` : extra;
        out.set(at, { field: at, message: `unknown field ${extra}; remove it or check its spelling and indentation` });
        continue;
      }
      case 'required':
        message = `missing required field ${(e.params as any).missingProperty}; add it`;
        break;
      case 'pattern':
        message = `${JSON.stringify(valueAt(e))} is not a Kubernetes quantity; write e.g. 100Mi, 1Gi, 500m or 2`;
        break;
      case 'format':
        message = `is out of range for ${(e.params as any).format}; use a smaller whole number`;
        break;
      case 'type':
        message = `must be ${(e.params as any).type}`;
        break;
      case 'oneOf':
      case 'anyOf':
        if ([...out.keys()].some(k => k === field)) continue;
        message = 'has the wrong type or format';
        break;
      case 'enum':
        message = `${JSON.stringify(valueAt(e))} is not one of ${((e.params as any).allowedValues ?? []).join(', ')}; use one of those`;
        break;
      case 'minimum':
      case 'maximum': {
        const rule = (e.parentSchema ?? {}) as any;
        message = `${JSON.stringify(valueAt(e))} is out of range; use a value from ${rule.minimum}${rule.maximum === undefined ? ' up' : ` to ${rule.maximum}`}`;
        break;
      }
      default:
        message = e.message ?? 'is invalid';
    }
    const prev = out.get(field);
    // For oneOf (quantity, int-or-string), the pattern message is the useful one; int32 overflow beats a range.
    if (!prev || e.keyword === 'pattern' || (e.keyword === 'format' && prev.message.includes('out of range;'))) {
      out.set(field, { field, message });
    }
  }
  return [...out.values()];
}

function valueAt(e: ErrorObject): unknown {
  return (e as any).data;
}

const QUANTITY_RE = new RegExp(QUANTITY_PATTERN);
const SUFFIX: { [suffix: string]: number } = {
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
  n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
};

/**
 * The value of a Kubernetes quantity (`100Mi` is 104857600), for comparing a
 * PV's capacity with a claim's request; undefined when it is not a quantity.
 */
export function quantityValue(quantity: unknown): number | undefined {
  if (typeof quantity === 'number') return quantity;
  if (typeof quantity !== 'string' || !QUANTITY_RE.test(quantity)) return undefined;
  const m = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(.*)$/.exec(quantity)!;
  const number = Number(m[1]);
  const suffix = m[2];
  if (suffix === '') return number;
  if (/^[eE]/.test(suffix)) return number * 10 ** Number(suffix.slice(1));
  return number * SUFFIX[suffix];
}

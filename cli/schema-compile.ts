/**
 * Build step of the strict schema validation (cli/schema.ts): compiles, with
 * Ajv, one validator per kind of the Kubernetes 1.27 schema that
 * `cdk8s import k8s@1.27.0` uses, as standalone JavaScript
 * (ajv/dist/standalone), so that no command compiles a schema when it starts.
 * scripts/build.js runs it after the jsii build and writes the modules to
 * build/cli/schema-validators/ and the kinds to build/cli/schema-kinds.json.
 * A command loads only the modules of the kinds it meets: one module per kind,
 * except the kinds that hold a pod template (Pod, StatefulSet, Deployment,
 * Job, ...), which share one module, so that the large PodSpec validator is
 * written once.
 *
 * "Strict" as in kubeconform --strict: unknown fields are errors, and so are
 * malformed quantities and out-of-range int32 values, which the raw schema
 * lets through.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { _ } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { KUBERNETES_VERSION, QUANTITY_PATTERN } from './schema';
import { formats } from './schema-formats';

const KEPT = new Set(['type', 'properties', 'required', 'items', '$ref', 'enum', 'additionalProperties', 'oneOf', 'anyOf', 'format']);
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const GVK = 'x-kubernetes-group-version-kind';

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


/** The schema of the package: schema/kubernetes/v1.27.0/_definitions.json. */
export function definitionsFile(root: string): string {
  return path.join(root, 'schema', 'kubernetes', `v${KUBERNETES_VERSION}`, '_definitions.json');
}

/** What the build writes: the validators' code and the kinds they validate. */
export interface CompiledSchema {
  /** Module file name -> CommonJS module exporting validate functions named after the definitions. */
  readonly modules: { [file: string]: string };
  /** `apiVersion/kind` -> [module file name, definition name], for the objects one can write in a manifest. */
  readonly kinds: { [gvk: string]: [string, string] };
}

/** Compiles the validators of every kind of `file` (a Kubernetes `_definitions.json`). */
export function compileSchema(file: string): CompiledSchema {
  const raw = JSON.parse(fs.readFileSync(file, 'utf-8'));
  const definitions: { [name: string]: any } = {};
  const byGvk: { [gvk: string]: string } = {};
  for (const [name, def] of Object.entries<any>(raw.definitions)) {
    definitions[name] = strict(def);
    for (const gvk of def[GVK] ?? []) {
      const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
      // Only definitions with metadata are objects one can write in a manifest.
      if (def.properties?.metadata) {
        byGvk[`${apiVersion}/${gvk.kind}`] = name;
      }
    }
  }
  applyServerChecks(definitions);
  definitions[QUANTITY] = {
    oneOf: [{ type: 'string', pattern: QUANTITY_PATTERN }, { type: 'number' }],
  };
  const ajv = new Ajv({
    allErrors: true, strict: false, validateFormats: true, verbose: true,
    // The generated modules take the formats from build/cli/schema-formats.js.
    code: { source: true, formats: _`require("../schema-formats").formats` },
  });
  for (const [name, format] of Object.entries(formats)) ajv.addFormat(name, format);
  ajv.addSchema({ $id: 'k8s', definitions });
  const groups = new Map<string, string[]>();
  for (const name of new Set(Object.values(byGvk))) {
    const file = refersTo(definitions, name, POD_SPEC) ? POD_WORKLOADS : `${name}.js`;
    groups.set(file, [...groups.get(file) ?? [], name]);
  }
  const modules: { [file: string]: string } = {};
  for (const [file, names] of groups) {
    modules[file] = standaloneCode(ajv, Object.fromEntries(names.map(n => [n, `k8s#/definitions/${n}`])));
  }
  const kinds: { [gvk: string]: [string, string] } = {};
  for (const [gvk, name] of Object.entries(byGvk)) {
    kinds[gvk] = [refersTo(definitions, name, POD_SPEC) ? POD_WORKLOADS : `${name}.js`, name];
  }
  return { modules, kinds };
}

const POD_SPEC = 'io.k8s.api.core.v1.PodSpec';
const POD_WORKLOADS = 'pod-workloads.js';

/** True when definition `from` refers, directly or through others, to definition `to`. */
function refersTo(definitions: { [name: string]: any }, from: string, to: string, seen = new Set<string>()): boolean {
  if (from === to) return true;
  if (seen.has(from)) return false;
  seen.add(from);
  const refs: string[] = [];
  const collect = (node: any): void => {
    if (Array.isArray(node)) node.forEach(collect);
    else if (node !== null && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === '$ref' && typeof v === 'string') refs.push(v.replace('#/definitions/', ''));
        else collect(v);
      }
    }
  };
  collect(definitions[from]);
  return refs.some(r => refersTo(definitions, r, to, seen));
}

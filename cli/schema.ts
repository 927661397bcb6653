/**
 * Strict validation of Kubernetes objects against the 1.27 schema that
 * `cdk8s import k8s@1.27.0` uses. "Strict" as in kubeconform --strict:
 * unknown fields are errors, and so are malformed quantities and
 * out-of-range int32 values, which the raw schema lets through.
 *
 * The validators are compiled ahead of time by the build (cli/schema-compile.ts,
 * Ajv standalone code, run by scripts/build.js) into
 * build/cli/schema-validators/, one module per kind, loaded when an object of
 * that kind is first validated: nothing is compiled when a command starts,
 * and the 3 MB schema is not read at run time.
 */
import * as path from 'path';
import type { ErrorObject } from 'ajv';

/** Kubernetes version of the bundled schema. */
export const KUBERNETES_VERSION = '1.27.0';

/** A Kubernetes quantity, as the API server parses it (resource.ParseQuantity). */
export const QUANTITY_PATTERN = '^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$';

/** One schema violation. */
export interface SchemaViolation {
  /** JSON path of the field, e.g. `spec.template.spec.containers[0].ports[0].containerPort`. */
  readonly field: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
  /** The keys and indexes that lead to the field from the object's root. */
  readonly path?: readonly string[];
  /** For a value of the wrong type, the JSON type the schema wants (`string`, `integer`...). */
  readonly type?: string;
}

type Validate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/**
 * The folder of the compiled validators: next to this module in build/cli/,
 * or build/cli/ of the checkout when this module runs from its TypeScript
 * source (tests).
 */
function compiledDir(): string {
  return path.basename(path.dirname(__dirname)) === 'build' ? __dirname : path.join(__dirname, '..', 'build', 'cli');
}

let cached: SchemaValidator | undefined;

/** Validates objects of any kind in the Kubernetes 1.27 schema. */
export class SchemaValidator {
  /** The shared instance; the compiled validators are loaded once per process. */
  public static get(): SchemaValidator {
    cached ??= new SchemaValidator();
    return cached;
  }

  private readonly dir = compiledDir();
  /** `apiVersion/kind` -> [module of build/cli/schema-validators/, definition name]. */
  private readonly byGvk: Map<string, [string, string]>;
  private readonly validators = new Map<string, Validate>();

  private constructor() {
    this.byGvk = new Map(Object.entries<[string, string]>(this.load('schema-kinds.json')));
  }

  private load(file: string): any {
    try {
      return require(path.join(this.dir, file));
    } catch (e) {
      throw new Error(`cdk8s-stateful: ${file} is missing from ${this.dir} (${(e as Error).message.split('\n')[0]}); run npm run build`);
    }
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
    const known = this.byGvk.get(`${apiVersion}/${kind}`);
    if (known === undefined) {
      const versions = [...this.byGvk.keys()].filter(k => k.endsWith(`/${kind}`)).map(k => k.slice(0, -kind.length - 1));
      return [{
        field: versions.length ? 'apiVersion' : 'kind',
        message: versions.length
          ? `kind ${kind} does not exist in ${apiVersion} in Kubernetes ${KUBERNETES_VERSION}; use apiVersion ${versions.join(' or ')}`
          : `kind ${kind} is unknown to Kubernetes ${KUBERNETES_VERSION}; check the spelling, or validate custom resources with their own schema`,
      }];
    }
    const [file, name] = known;
    let validate = this.validators.get(name);
    if (validate === undefined) {
      validate = this.load(path.join('schema-validators', file))[name] as Validate;
      this.validators.set(name, validate);
    }
    if (validate(object)) {
      return [];
    }
    return reduceErrors(validate.errors ?? []);
  }
}

/** The keys and indexes of a JSON pointer. */
function segments(instancePath: string): string[] {
  return instancePath.split('/').slice(1).map(part => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function fieldOf(instancePath: string): string {
  return segments(instancePath).reduce((acc, seg) => {
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
      case 'type': {
        const type = String((e.params as any).type);
        message = `must be ${type}`;
        if (!out.has(field)) out.set(field, { field, message, path: segments(e.instancePath), type });
        continue;
      }
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

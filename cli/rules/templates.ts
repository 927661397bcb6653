/**
 * An index of the set's pod templates by namespace and label, so that
 * "which pod templates does this selector select?" costs the smallest label
 * bucket it names, not every template; answers from large buckets are
 * memoised per namespace and selector, so many objects with one selector
 * cost one look-up.
 */
import { selectorMatches } from '../labels';
import { Manifest } from '../load';

/** One pod template of the set: a Pod, or the template of a workload. */
export interface PodTemplate {
  readonly m: Manifest;
  readonly kind: string;
  readonly namespace: string;
  readonly labels: { [key: string]: string };
  /** The pod spec (may be of any shape; the schema check reports wrong shapes). */
  readonly podSpec: any;
  /** Field path of the pod spec, e.g. `spec.template.spec`. */
  readonly path: string;
}

/** Pools up to this size are filtered directly; larger ones are memoised by selector. */
const SMALL_POOL = 16;

export class PodTemplateIndex {
  private readonly byNamespace = new Map<string, PodTemplate[]>();
  private readonly byLabel = new Map<string, PodTemplate[]>();
  private readonly memo = new Map<string, PodTemplate[]>();

  constructor(public readonly templates: readonly PodTemplate[]) {
    for (const t of templates) {
      push(this.byNamespace, t.namespace, t);
      for (const [k, v] of Object.entries(t.labels)) if (typeof v === 'string') push(this.byLabel, labelKey(t.namespace, k, v), t);
    }
  }

  /** Pod templates of `namespace` that a label selector (`matchLabels`/`matchExpressions`) selects. */
  public select(namespace: string, selector: any): PodTemplate[] {
    const pool = this.pool(namespace, selector?.matchLabels);
    if (pool.length <= SMALL_POOL) return pool.filter(t => selectorMatches(selector, t.labels));
    const key = `${namespace}\u0000${JSON.stringify(selector)}`;
    let found = this.memo.get(key);
    if (!found) {
      found = pool.filter(t => selectorMatches(selector, t.labels));
      this.memo.set(key, found);
    }
    return found;
  }

  /** Pod templates of `namespace` that a Service-style selector map selects. */
  public selectMap(namespace: string, selector: { [key: string]: unknown }): PodTemplate[] {
    return this.select(namespace, { matchLabels: selector });
  }

  /** The smallest bucket that can hold every match: the rarest matchLabels pair, else the namespace. */
  private pool(namespace: string, matchLabels: unknown): PodTemplate[] {
    let best = this.byNamespace.get(namespace) ?? [];
    if (matchLabels !== null && typeof matchLabels === 'object') {
      for (const [k, v] of Object.entries(matchLabels)) {
        const bucket = typeof v === 'string' ? this.byLabel.get(labelKey(namespace, k, v)) ?? [] : [];
        if (bucket.length < best.length) best = bucket;
      }
    }
    return best;
  }
}

function labelKey(namespace: string, key: string, value: string): string {
  return `${namespace}\u0000${key}=${value}`;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value); else map.set(key, [value]);
}

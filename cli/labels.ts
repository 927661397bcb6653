/** Kubernetes label selectors (matchLabels and matchExpressions). */

/** True when `selector` selects an object with `labels`. An empty selector selects everything. */
export function selectorMatches(selector: any, labels: { [key: string]: string } | undefined): boolean {
  const have = labels ?? {};
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) {
    if (have[key] !== value) return false;
  }
  for (const e of Array.isArray(selector?.matchExpressions) ? selector.matchExpressions : []) {
    const present = Object.prototype.hasOwnProperty.call(have, e?.key);
    const values: string[] = Array.isArray(e?.values) ? e.values : [];
    switch (e?.operator) {
      case 'In': if (!present || !values.includes(have[e.key])) return false; break;
      case 'NotIn': if (present && values.includes(have[e.key])) return false; break;
      case 'Exists': if (!present) return false; break;
      case 'DoesNotExist': if (present) return false; break;
      default: return false;
    }
  }
  return true;
}

/** True when every key and value of a Service-style selector map is in `labels`. */
export function mapSelects(selector: { [key: string]: string } | undefined, labels: { [key: string]: string } | undefined): boolean {
  const have = labels ?? {};
  return Object.entries(selector ?? {}).every(([k, v]) => have[k] === v);
}

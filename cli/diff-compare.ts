/** Comparing JSON values for `diff`: deep equality, the leaf fields that differ, and how to show them. */

/** How a finding is reported: severity, field, what is wrong, how to fix it. */
export type Report = (severity: 'error' | 'warning', field: string, message: string, fix: string) => void;

export const isMap = (x: unknown): x is { [k: string]: any } => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Deep equality of JSON values, key order ignored. */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => same(x, bb[i]));
  }
  const ka = Object.keys(a as object).filter(k => (a as any)[k] !== undefined);
  const kb = Object.keys(b as object).filter(k => (b as any)[k] !== undefined);
  return ka.length === kb.length && ka.every(k => same((a as any)[k], (b as any)[k]));
}

/** The leaf fields that differ between `a` and `b`, with both values. */
export function differences(a: unknown, b: unknown, at: string, out: Array<{ path: string; before: unknown; after: unknown }> = []): Array<{ path: string; before: unknown; after: unknown }> {
  if (same(a, b)) return out;
  const isObject = (x: unknown) => typeof x === 'object' && x !== null;
  if (isObject(a) && isObject(b) && Array.isArray(a) === Array.isArray(b)) {
    if (Array.isArray(a)) {
      const bb = b as unknown[];
      for (let i = 0; i < Math.max(a.length, bb.length); i++) differences(a[i], bb[i], `${at}[${i}]`, out);
    } else {
      for (const k of new Set([...Object.keys(a as object), ...Object.keys(b as object)])) differences((a as any)[k], (b as any)[k], `${at}.${k}`, out);
    }
    return out;
  }
  out.push({ path: at, before: a, after: b });
  return out;
}

/** The field to report a change at, and the change in words. */
export function describeChanges(a: unknown, b: unknown, at: string): { field: string; text: string } {
  const list = differences(a, b, at);
  if (list.length === 1) return { field: list[0].path, text: `from ${short(list[0].before)} to ${short(list[0].after)}` };
  const text = list.slice(0, 3).map(d => `${d.path} from ${short(d.before)} to ${short(d.after)}`).join(', ') + (list.length > 3 ? `, and ${list.length - 3} more` : '');
  return { field: at, text };
}

/** A value in a message: JSON, shortened; `unset` for undefined. */
export function short(value: unknown): string {
  const text = value === undefined ? 'unset' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** A list of strings the way Go's %#v prints it in API errors: []string{"a", "b"}. */
export function goStrings(list: readonly unknown[]): string {
  return `[]string{${list.map(x => JSON.stringify(String(x))).join(', ')}}`;
}

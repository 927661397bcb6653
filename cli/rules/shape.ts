/**
 * Reading untrusted manifest values without assuming their shape. The rules
 * run on whatever YAML the user wrote; a list where a map belongs (or the
 * reverse) is the schema check's finding, never a crash of a rule.
 */

/** A plain mapping, or undefined for anything else (lists, scalars, null). */
export function mapping(value: unknown): { [key: string]: any } | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as any : undefined;
}

/** The entries of a list, or none when the value is not a list. */
export function list(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/** The entries of a mapping, or none when the value is not a mapping. */
export function entries(value: unknown): Array<[string, any]> {
  const m = mapping(value);
  return m ? Object.entries(m) : [];
}

/** A string, or undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A whole number, or undefined. */
export function integer(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

/** True when a field is present: neither missing nor null (null means unset, as on the server). */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** Reports one finding on a field: severity, field path, what is wrong, how to fix it. */
export type Report = (severity: 'error' | 'warning', field: string, message: string, fix: string) => void;

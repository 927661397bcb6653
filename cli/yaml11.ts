/**
 * YAML read as kubectl 1.27 reads it: a js-yaml schema that gives the JSON
 * kubectl sends to the API server.
 *
 * kubectl apply -f reads each document with k8s.io/apimachinery's
 * YAMLToJSONDecoder (`NewYAMLOrJSONDecoder`, from cli-runtime's
 * `StreamVisitor`), which calls sigs.k8s.io/yaml v1.3.0 `Unmarshal` into a
 * `runtime.RawExtension`. That is `yamlToJSON`: gopkg.in/yaml.v2 v2.4.0
 * `Unmarshal` into an `interface{}`, then `convertToJSONableObject` (with no
 * target type: RawExtension is a json.Unmarshaler) and `json.Marshal`. So
 * plain scalars are resolved as go-yaml v2's `resolve()` does (YAML 1.1, not
 * the YAML 1.2 core schema of js-yaml's default):
 *
 * - y Y yes Yes YES on On ON true True TRUE are true; n N no No NO off Off
 *   OFF false False FALSE are false (the resolve table of resolve.go);
 * - ~ null Null NULL and the empty scalar are null;
 * - a scalar starting with a digit or sign is an integer when
 *   `strconv.ParseInt(plain, 0, 64)` (or `ParseUint`) takes it with its
 *   underscores removed: 0x1F, 0b101, 0o17, 0777 (octal: 511), 1_000, +3;
 *   otherwise a float when it matches `yamlStyleFloat` (1.5, 1e3, .5) and
 *   `strconv.ParseFloat` takes it (1e999 overflows: a string); a scalar
 *   starting with `.` is a float when `ParseFloat` takes it as written;
 * - .inf, +.inf, -.inf, .nan (any of their three spellings) are floats that
 *   `json.Marshal` refuses ("json: unsupported value: +Inf"): kubectl fails
 *   on the file, and so does the loader;
 * - timestamps (2001-12-14, 2001-12-14T21:59:43Z) are decoded into an
 *   `interface{}` as the original string (decode.go `scalar`, "for backward
 *   compatibility"), so they are plain strings here too;
 * - `<<` is a merge key (decode.go `isMerge`);
 * - map keys become strings (`convertToJSONableObject`): true and false
 *   become "true" and "false" (so `on:` and `y:` keys are "true"), integers
 *   their decimal digits, ±Inf and NaN ".inf", "-.inf" and ".nan"; a null key
 *   is refused ("Unsupported map key of type").
 *
 * Quoted and block scalars are strings, as in go-yaml (`n.implicit` is false
 * for them). Known differences, left as they are: go-yaml v2 applies a `<<`
 * merge where it is written, so a key written before it is overwritten by
 * the merged value (js-yaml's mergeTag, the YAML merge spec, keeps the
 * explicit key); duplicate keys are an error here, where go-yaml keeps the
 * last; float keys keep JavaScript's spelling (`1e7:` is "10000000", where
 * kubectl's float32 `%g` gives "1e+07"); integers beyond 2^53 lose precision.
 *
 * A value that YAML 1.1 reads differently from YAML 1.2 (`yes`, `on`, `y`,
 * `0b101`, `1_000`, `0777`...) is noted with its text, by its container and
 * key (`plainText`), so that a schema finding on it can say why and how to
 * quote it (validate.ts).
 */
import {
  defineMappingTag, defineScalarTag, defineSequenceTag, floatCoreTag, intCoreTag, mapTag, mergeTag,
  NOT_RESOLVED, nullCoreTag, Schema, seqTag, strTag,
} from 'js-yaml';

/** go-yaml v2 resolve.go `resolveMapList`: the booleans. */
const BOOLEANS = new Map<string, boolean>([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map(s => [s, true] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map(s => [s, false] as const),
]);
/** The booleans of YAML 1.2 (js-yaml's core schema, and the loader before it read as kubectl). */
const CORE_BOOLEANS = new Set(['true', 'True', 'TRUE', 'false', 'False', 'FALSE']);
/** go-yaml v2 resolve.go `resolveMapList`: the special floats. */
const SPECIAL_FLOATS = new Map<string, number>([
  ...['.nan', '.NaN', '.NAN'].map(s => [s, NaN] as const),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map(s => [s, Infinity] as const),
  ...['-.inf', '-.Inf', '-.INF'].map(s => [s, -Infinity] as const),
]);

/** go-yaml v2 resolve.go `yamlStyleFloat`. */
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** What `strconv.ParseInt(s, 0, 64)` reads: sign, then a 0b/0o/0x prefix, a leading 0 (octal) or decimal digits. */
const GO_INT = /^([-+]?)(?:0([bB][01]+|[oO][0-7]+|[xX][0-9a-fA-F]+|[0-7]*)|([1-9][0-9]*))$/;
/** A decimal integer that is exact as a JavaScript number and fits int64: the common case, read without BigInt. */
const SMALL_DECIMAL = /^[-+]?[1-9][0-9]{0,14}$/;
/** What `strconv.ParseFloat` reads of a scalar starting with `.`: digits, with underscores between digits, and an exponent. */
const GO_DOT_FLOAT = /^\.[0-9](?:_?[0-9])*(?:[eE][-+]?[0-9](?:_?[0-9])*)?$/;

const INT64_MIN = -(BigInt(1) << BigInt(63));
const UINT64_MAX = (BigInt(1) << BigInt(64)) - BigInt(1);

/** `strconv.ParseInt(plain, 0, 64)`, or `ParseUint` for a positive value past int64; undefined when neither reads it. */
function goParseInt(plain: string): number | undefined {
  if (SMALL_DECIMAL.test(plain) || plain === '0') return Number(plain);
  const m = GO_INT.exec(plain);
  if (m === null) return undefined;
  const [, sign, prefixed, decimal] = m;
  // A leading 0 with more digits is octal; 0b, 0o, 0x are read by BigInt as they are.
  const digits = decimal ?? (prefixed === '' ? '0' : /^[0-7]/.test(prefixed) ? `0o${prefixed}` : `0${prefixed}`);
  const value = BigInt(digits.replace(/^0([BOX])/, (_, p: string) => `0${p.toLowerCase()}`));
  const signed = sign === '-' ? -value : value;
  if (signed < INT64_MIN) return undefined;
  // ParseUint takes no sign: a value past int64 is an integer only when written without one.
  if (signed > UINT64_MAX || (signed >= (BigInt(1) << BigInt(63)) && sign !== '')) return undefined;
  return Number(signed);
}

/**
 * A number as go-yaml v2 `resolve()` reads a plain scalar: NOT_RESOLVED when
 * it is a string. `int` picks the integers, otherwise the floats.
 */
function goNumber(source: string, int: boolean): number | typeof NOT_RESOLVED {
  const first = source.charCodeAt(0);
  if (first === 0x2e /* . */) {
    // resolve(): not in the map, so `strconv.ParseFloat(in, 64)` as written.
    const special = SPECIAL_FLOATS.get(source);
    if (special !== undefined) return int ? NOT_RESOLVED : special;
    if (int || !GO_DOT_FLOAT.test(source)) return NOT_RESOLVED;
    const value = Number(source.replace(/_/g, ''));
    return Number.isFinite(value) ? value : NOT_RESOLVED;
  }
  const special = first === 0x2b /* + */ || first === 0x2d /* - */ ? SPECIAL_FLOATS.get(source) : undefined;
  if (special !== undefined) return int ? NOT_RESOLVED : special;
  // resolve() tries `parseTimestamp` first, and a timestamp decodes into interface{} as its
  // string (decode.go `scalar`); every timestamp format has a '-' after 4 digits, which no
  // number below has, so timestamps fall through to the string.
  const plain = source.indexOf('_') < 0 ? source : source.replace(/_/g, '');
  const integer = goParseInt(plain);
  if (int || integer !== undefined) return integer === undefined || !int ? NOT_RESOLVED : integer;
  if (!YAML_STYLE_FLOAT.test(plain)) return NOT_RESOLVED;
  // ParseFloat fails on overflow (1e999 stays a string); underflow gives 0.
  const value = Number(plain);
  return Number.isFinite(value) ? value : NOT_RESOLVED;
}

/** The text and value of the last plain scalar read as YAML 1.1 differently from YAML 1.2, until the pair or item that holds it is added. */
let pending: { text: string; value: unknown } | undefined;
/** Texts of such scalars, by container and key (a sequence index as a string). */
const texts = new WeakMap<object, Map<string, string>>();

/** Called by the resolvers for each scalar they read: remembers one that YAML 1.2 reads otherwise. */
function read<T>(text: string, value: T, differs: boolean): T {
  pending = differs ? { text, value } : undefined;
  return value;
}

/** True when js-yaml's YAML 1.2 core schema reads `source` as another value (or as a string). */
function differsFromCore(source: string, value: number): boolean {
  const core = intCoreTag.resolve(source, false, intCoreTag.tagName);
  if (core !== NOT_RESOLVED) return core !== value;
  const float = floatCoreTag.resolve(source, false, floatCoreTag.tagName);
  return float === NOT_RESOLVED || !(float === value || (Number.isNaN(float) && Number.isNaN(value)));
}

const boolTag = defineScalarTag<boolean>('tag:yaml.org,2002:bool', {
  implicit: true,
  implicitFirstChars: [...'yYnNtTfFoO'],
  resolve: source => {
    // Every boolean has at most 5 characters: longer keys such as namespace skip the lookup.
    const value = source.length <= 5 ? BOOLEANS.get(source) : undefined;
    return value === undefined ? NOT_RESOLVED : read(source, value, !CORE_BOOLEANS.has(source));
  },
  identify: data => typeof data === 'boolean',
});

const intTag = defineScalarTag<number>('tag:yaml.org,2002:int', {
  implicit: true,
  implicitFirstChars: [...'+-0123456789'],
  resolve: source => {
    // The common case: a decimal that both YAML versions read alike.
    if (SMALL_DECIMAL.test(source)) return read(source, Number(source), false);
    const value = goNumber(source, true);
    return value === NOT_RESOLVED ? value : read(source, value, differsFromCore(source, value));
  },
  identify: data => Number.isInteger(data),
});

const floatTag = defineScalarTag<number>('tag:yaml.org,2002:float', {
  implicit: true,
  implicitFirstChars: [...'+-.0123456789'],
  resolve: (source, isExplicit) => {
    // resolve()'s deferred check: an integer under an explicit !!float tag is that float.
    const float = goNumber(source, false);
    const value = float === NOT_RESOLVED && isExplicit ? goNumber(source, true) : float;
    // .inf and .nan are kept with their text too, for the error that refuses them.
    return value === NOT_RESOLVED ? value : read(source, value, !Number.isFinite(value) || differsFromCore(source, value));
  },
  identify: data => typeof data === 'number',
});

/** The JSON spelling of a float json.Marshal refuses, as in its error ("unsupported value: +Inf"). */
function goFloat(value: number): string {
  return Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf';
}

/** The error for a value that has no JSON form: kubectl fails on the file (sigs.k8s.io/yaml `yamlToJSON`, json.Marshal). */
function notJson(where: string, value: number): string {
  const text = pending !== undefined && Object.is(pending.value, value) ? pending.text : Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf';
  pending = undefined;
  return `${where}: ${text} is a float that kubectl cannot convert to JSON (sigs.k8s.io/yaml YAMLToJSON: json: unsupported value: ${goFloat(value)}); quote it: "${text}", or write a number`;
}

/** Errors of the tags below, so that the loader tells them from syntax errors. */
const conversionErrors = new Set<string>();

function refuse(message: string): string {
  conversionErrors.add(message);
  return message;
}

/** True when `reason` (a YAMLException's) is a value kubectl cannot convert to JSON, not a syntax error. */
export function isConversionError(reason: string): boolean {
  return conversionErrors.has(reason);
}

/** A map key as `convertToJSONableObject` spells it; undefined for a null key, which it refuses. */
function jsonKey(key: unknown): unknown {
  if (typeof key === 'number' && !Number.isFinite(key)) return Number.isNaN(key) ? '.nan' : key > 0 ? '.inf' : '-.inf';
  return key;
}

function note(container: object, key: string): void {
  const p = pending!;
  pending = undefined;
  let byKey = texts.get(container);
  if (byKey === undefined) texts.set(container, byKey = new Map());
  byKey.set(key, p.text);
}

const kubectlMapTag = defineMappingTag<Record<string, unknown>>('tag:yaml.org,2002:map', {
  create: mapTag.create,
  identify: mapTag.identify,
  represent: mapTag.represent,
  keys: mapTag.keys,
  addPair: (container, key, value) => {
    if (typeof value === 'number' && !Number.isFinite(value)) return refuse(notJson(String(jsonKey(key)), value));
    if (pending !== undefined) {
      if (pending.value === value) note(container, String(jsonKey(key)));
      pending = undefined;
    }
    // Most keys are strings, for mapTag as they are.
    if (typeof key === 'string') return mapTag.addPair(container, key, value);
    if (key === null) {
      return refuse('a null key (~, null or nothing before the colon) is refused by kubectl (sigs.k8s.io/yaml convertToJSONableObject: Unsupported map key); quote the key or remove it');
    }
    return mapTag.addPair(container, jsonKey(key), value);
  },
  has: (container, key) => mapTag.has(container, jsonKey(key)),
  get: (container, key) => mapTag.get(container, jsonKey(key)),
});

const kubectlSeqTag = defineSequenceTag<unknown[]>('tag:yaml.org,2002:seq', {
  create: seqTag.create,
  identify: seqTag.identify,
  addItem: (carrier, item, index) => {
    if (typeof item === 'number' && !Number.isFinite(item)) return refuse(notJson(`item ${index}`, item));
    if (pending !== undefined) {
      if (pending.value === item) note(carrier, String(index));
      pending = undefined;
    }
    carrier.push(item);
    return '';
  },
});

/**
 * The schema of the loader (cli/load.ts `parsePieces`): plain scalars as
 * go-yaml v2 `resolve()` reads them, maps and sequences as
 * `convertToJSONableObject` makes them JSON. Tags are tried by the first
 * character of the scalar (js-yaml's `implicitFirstChars`), as go-yaml's
 * resolve table does.
 */
export const KUBECTL_SCHEMA = new Schema([strTag, kubectlSeqTag, kubectlMapTag, nullCoreTag, boolTag, intTag, floatTag, mergeTag]);

/** Forgets a scalar left pending by a load that failed. */
export function resetPending(): void {
  pending = undefined;
}

/**
 * The text of the plain scalar at `key` of `container` (an index of a
 * sequence), when YAML 1.1 read it as another value than YAML 1.2 does:
 * `yes` for a true, `0x1F` for a 31, `0777` for a 511.
 */
export function plainText(container: unknown, key: string | number): string | undefined {
  return container !== null && typeof container === 'object' ? texts.get(container)?.get(String(key)) : undefined;
}

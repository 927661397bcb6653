/**
 * Input as the API server and kubectl read it, applied to every set of
 * manifests after loading and before any command looks at it:
 *
 * - `null` means unset. Go's JSON decoding leaves a field at its zero value
 *   for `null`, so `creationTimestamp: null` (printed by
 *   `kubectl create --dry-run=client -o yaml`) and Helm's empty values are
 *   the same as absent fields. Keys with null values are removed; in string
 *   maps (labels, annotations, matchLabels, nodeSelector, data) a null value
 *   is the empty string, as decoding into `map[string]string` gives.
 * - A document whose kind ends in `List` and that has `items` is a list:
 *   kubectl decodes it as an `UnstructuredList` (unstructuredJSONScheme.decode
 *   detects the `items` field) and applies each item
 *   (resource.FlattenListVisitor). Each item becomes a manifest of its own, at
 *   its own line when the file can be read again.
 *
 * Linear in the size of the input: every value is visited once.
 */
import * as fs from 'fs';
import type { Manifest } from './load';

/** Maps whose values are strings in the API types: a null value there decodes to "". */
const STRING_MAPS = new Set(['labels', 'annotations', 'matchLabels', 'nodeSelector', 'data', 'stringData']);

/** Removes null-valued keys, in place; returns the value. */
export function dropNulls(value: any): any {
  if (Array.isArray(value)) {
    for (const v of value) dropNulls(v);
  } else if (value !== null && typeof value === 'object') {
    for (const key in value) {
      const v = value[key];
      if (v === null) {
        delete value[key];
      } else if (STRING_MAPS.has(key) && typeof v === 'object' && !Array.isArray(v)) {
        for (const k of Object.keys(v)) if (v[k] === null) v[k] = '';
      } else {
        dropNulls(v);
      }
    }
  }
  return value;
}

/** True for a `kind: List` (or `XxxList`) document with an items list. */
export function isList(object: any): boolean {
  return object !== null && typeof object === 'object' && !Array.isArray(object)
    && typeof object.kind === 'string' && object.kind.endsWith('List') && Array.isArray(object.items);
}

/** Reads a file again to find item lines; undefined when it cannot (e.g. a git label). */
export type TextOf = (file: string) => string | undefined;

const readText: TextOf = file => {
  try {
    return fs.readFileSync(file, 'utf-8');
  } catch {
    return undefined;
  }
};

/**
 * The 1-based lines of the items of the list document that starts at `line`
 * in `text`; undefined when they cannot be found.
 */
function itemLines(text: string, line: number): number[] | undefined {
  // Start at the document's first line, so that only this document is parsed.
  let offset = 0;
  for (let l = 1; l < line && offset >= 0; l++) offset = text.indexOf('\n', offset) + 1 || -1;
  if (offset < 0) return undefined;
  // Loaded here, for the rare `kind: List` document: loading the yaml package costs each thread
  // that normalizes (the loader's workers) about 0.05 s.
  const { LineCounter, parseAllDocuments, isMap, isSeq } = require('yaml') as typeof import('yaml');
  const counter = new LineCounter();
  const [doc] = parseAllDocuments(text.slice(offset), { lineCounter: counter, uniqueKeys: false }) as any[];
  const items = doc && isMap(doc.contents) ? doc.contents.get('items', true) : undefined;
  if (!isSeq(items)) return undefined;
  return items.items.map((node: any) => line - 1 + counter.linePos(node?.range?.[0] ?? 0).line);
}

/** The manifests with nulls removed and lists expanded, in input order. */
export function normalizeManifests(manifests: readonly Manifest[], textOf: TextOf = readText): Manifest[] {
  const out: Manifest[] = [];
  for (const m of manifests) {
    const object = dropNulls(m.object);
    if (!isList(object)) {
      out.push(m);
      continue;
    }
    let lines: number[] | undefined;
    const text = textOf(m.file);
    if (text !== undefined) {
      try {
        lines = itemLines(text, m.line);
      } catch {
        lines = undefined;
      }
    }
    object.items.forEach((item: any, i: number) => {
      const line = lines && lines.length === object.items.length ? lines[i] : m.line;
      // A list inside a list is flattened too, as FlattenListVisitor does.
      for (const inner of normalizeManifests([{ file: m.file, line, object: item }], () => undefined)) out.push(inner);
    });
  }
  return out;
}

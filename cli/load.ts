/**
 * Reading manifests: files or folders of `.yaml`/`.yml` files, each holding
 * one or more YAML documents. Any unreadable path or YAML syntax error stops
 * everything with a `LoadError` naming the file and line, so that nothing is
 * reported as valid from a half-read set.
 */
import * as fs from 'fs';
import * as path from 'path';
import { LineCounter, parseAllDocuments } from 'yaml';

/** One object of the set, with where it came from. */
export interface Manifest {
  /** File the object was read from, as given on the command line (or a label such as `HEAD:dist/x.yaml`). */
  readonly file: string;
  /** 1-based line where the document starts. */
  readonly line: number;
  /** The parsed object. */
  readonly object: any;
}

/** The input could not be read or parsed: exit code 2. */
export class LoadError extends Error {
  constructor(public readonly file: string, public readonly line: number | undefined, public readonly detail: string) {
    super(`${line === undefined ? file : `${file}:${line}`}: ${detail}`);
    this.name = 'LoadError';
  }
}

const YAML_FILE = /\.ya?ml$/i;

/** The YAML files a path names: the file itself, or the `.yaml`/`.yml` files of a folder, sorted. */
export function yamlFiles(p: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch {
    throw new LoadError(p, undefined, 'no such file or folder; give a .yaml file or a folder of .yaml files');
  }
  if (!stat.isDirectory()) {
    return [p];
  }
  const files = fs.readdirSync(p).filter(f => YAML_FILE.test(f)).sort().map(f => path.join(p, f));
  if (files.length === 0) {
    throw new LoadError(p, undefined, 'folder holds no .yaml or .yml files; synthesize first (npm run synth) or give another folder');
  }
  return files;
}

/** Parses the text of one YAML file into manifests; `label` names it in messages. */
export function parseManifests(label: string, text: string): Manifest[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [docs];
  const out: Manifest[] = [];
  for (const doc of list) {
    const err = doc.errors[0];
    if (err) {
      const line = lineCounter.linePos(err.pos[0]).line;
      throw new LoadError(label, line, `not valid YAML: ${err.message.split('\n')[0]}; fix the syntax`);
    }
    const object = doc.toJS({ maxAliasCount: 1000 });
    if (object === null || object === undefined) continue; // empty document, e.g. a trailing ---
    const start = doc.contents?.range?.[0] ?? 0;
    out.push({ file: label, line: lineCounter.linePos(start).line, object });
  }
  return out;
}

/** Reads every manifest under `paths`. */
export function loadPaths(paths: readonly string[]): Manifest[] {
  if (paths.length === 0) {
    throw new LoadError('(command line)', undefined, 'no PATH given; name a .yaml file or a folder such as dist/');
  }
  const out: Manifest[] = [];
  for (const p of paths) {
    for (const file of yamlFiles(p)) {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf-8');
      } catch (e) {
        throw new LoadError(file, undefined, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); check the path and permissions`);
      }
      for (const m of parseManifests(file, text)) out.push(m);
    }
  }
  return out;
}

/**
 * Reading manifests: files, or folders of the files `kubectl apply -f FOLDER`
 * reads (`.json`, `.yaml`, `.yml`: `FileExtensions` of kubectl's
 * k8s.io/cli-runtime/pkg/resource/builder.go, used by
 * `ExpandPathsToFileVisitors`), each holding one or more YAML documents (JSON
 * is YAML). A file of such a folder that holds no Kubernetes object, such as
 * cdk8s-cli's construct-metadata.json, is an error: kubectl would fail on it. Any unreadable path or YAML syntax error stops
 * everything with a `LoadError` naming the file and line, so that nothing is
 * reported as valid from a half-read set.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadAll, YAMLException } from 'js-yaml';

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

/** The files `kubectl apply -f FOLDER` reads; it skips all others, and so does `validate`. */
const KUBECTL_FILE = /\.(ya?ml|json)$/i;

/** The manifest files a path names: the file itself, or the `.json`/`.yaml`/`.yml` files of a folder, sorted. */
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
  const files = fs.readdirSync(p).filter(f => KUBECTL_FILE.test(f)).sort().map(f => path.join(p, f));
  if (files.length === 0) {
    throw new LoadError(p, undefined, 'folder holds no .json, .yaml or .yml files; synthesize first (npm run synth) or give another folder');
  }
  return files;
}

/** A line that starts a new YAML document. Such a line ends any scalar, so cutting there is exact. */
const DOCUMENT_START = /^---(?=[ \t\r\n]|$)/gm;
/** The first line with content: not blank, comment, directive or document marker. */
const FIRST_CONTENT = /^(?![ \t]*(?:#.*)?\r?$)(?!%)(?!---[ \t]*\r?$)(?!\.\.\.[ \t]*\r?$)/m;

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** One document of a file: where it starts, and the line of its first content (undefined when it has none). */
interface Chunk {
  readonly start: number;
  readonly end: number;
  /** 1-based line of the `---` (or of the file's start). */
  readonly line: number;
  readonly contentLine?: number;
}

/** Cuts a file into documents at `---` lines. */
function chunks(text: string): Chunk[] {
  const starts = [0];
  for (const m of text.matchAll(DOCUMENT_START)) {
    if (m.index! > 0) starts.push(m.index!);
  }
  const out: Chunk[] = [];
  let line = 1;
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i];
    const end = i + 1 < starts.length ? starts[i + 1] : text.length;
    FIRST_CONTENT.lastIndex = 0;
    const content = FIRST_CONTENT.exec(text.slice(start, end));
    const contentLine = content !== null && content.index < end - start
      ? line + countLines(text, start, start + content.index)
      : undefined;
    out.push({ start, end, line, contentLine });
    line += countLines(text, start, end);
  }
  return out;
}

/**
 * Parses the text of one YAML file into manifests; `label` names it in messages.
 *
 * js-yaml does the parsing: on 50,000 objects it is an order of magnitude
 * faster than the `yaml` package's document API (see bench/README.md, part d),
 * which the config loader keeps for its per-value line numbers. Each object's
 * line comes from cutting the text at `---` lines. When the documents don't
 * line up with the cuts (a `...` without `---`), or the YAML is invalid, each
 * piece is parsed on its own, which pins the error to its line.
 */
export function parseManifests(label: string, text: string): Manifest[] {
  const pieces = chunks(text);
  const withContent = pieces.filter(c => c.contentLine !== undefined);
  try {
    const docs = loadAll(text, { maxAliases: 1000 }).filter(d => d !== null && d !== undefined);
    if (docs.length === withContent.length) {
      return docs.map((object, i) => ({ file: label, line: withContent[i].contentLine!, object }));
    }
  } catch {
    // parse piece by piece below, to name the line of the error
  }
  const out: Manifest[] = [];
  for (const piece of withContent) {
    let objects: unknown[];
    try {
      objects = loadAll(text.slice(piece.start, piece.end), { maxAliases: 1000 });
    } catch (e) {
      const mark = (e as YAMLException).mark;
      const at = mark && typeof mark.line === 'number' ? piece.line + mark.line : piece.contentLine;
      const reason = (e as YAMLException).reason ?? (e as Error).message.split('\n')[0];
      throw new LoadError(label, at, `not valid YAML: ${reason}; fix the syntax`);
    }
    for (const object of objects) {
      if (object !== null && object !== undefined) {
        out.push({ file: label, line: piece.contentLine!, object });
      }
    }
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
      const manifests = parseManifests(file, text);
      if (manifests.length > 0 && !manifests.some(m => isKubernetesObject(m.object))) {
        throw new LoadError(file, manifests[0].line, notAManifest(path.basename(file)));
      }
      for (const m of manifests) out.push(m);
    }
  }
  return out;
}

function isKubernetesObject(o: unknown): boolean {
  return typeof o === 'object' && o !== null && typeof (o as any).apiVersion === 'string' && typeof (o as any).kind === 'string';
}

/** Why a file with no Kubernetes object in it is refused, and what to do. */
function notAManifest(name: string): string {
  const what = 'holds no Kubernetes object (no apiVersion and kind), and kubectl apply -f reads every .json, .yaml and .yml file of a folder and fails on it';
  return name === 'construct-metadata.json'
    ? `${what}; cdk8s-cli writes this file for validation plugins: configure the cdk8s-stateful plugin in cdk8s.yaml (it deletes the file after synth), or delete the file`
    : `${what}; delete the file or move it out of the folder`;
}

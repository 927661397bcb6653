/**
 * Reading manifests: files, or folders of the files `kubectl apply -f FOLDER`
 * reads (`.json`, `.yaml`, `.yml`: `FileExtensions` of kubectl's
 * k8s.io/cli-runtime/pkg/resource/builder.go, used by
 * `ExpandPathsToFileVisitors`), each holding one or more YAML documents (JSON
 * is YAML). A file of such a folder that holds no Kubernetes object, such as
 * cdk8s-cli's construct-metadata.json, is an error: kubectl would fail on it.
 * Any unreadable path or YAML syntax error stops everything with a
 * `LoadError` naming the file and line, so that nothing is reported as valid
 * from a half-read set.
 *
 * Files are read as a stream, cut into documents at `---` lines (such a line
 * ends any scalar, so the cut is exact) while counting lines, and each
 * document is parsed on its own with js-yaml: the text of a document is
 * dropped once parsed, and every object and error keeps its exact line.
 * Scalars are read as kubectl reads them, YAML 1.1 (cli/yaml11.ts
 * `KUBECTL_SCHEMA`): `yes` and `on` are true, `0777` is 511.
 * Large inputs are parsed by batches of documents in worker threads
 * (cli/load-worker.ts) and in this thread when the workers are busy; each
 * batch also gets the per-object checks of `validate` (`validateDocuments` of
 * cli/validate.ts) when asked.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadAll, YAMLException } from 'js-yaml';
import type { MessagePort, Worker } from 'worker_threads';
import type { DocumentChecks } from './validate';
import { isConversionError, KUBECTL_SCHEMA, resetPending } from './yaml11';

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

function countLines(text: string, from = 0, to = text.length): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The text of one document (from its `---` line, or the file's start, to the next one), and the 1-based line it starts at. */
export interface Piece {
  readonly text: string;
  readonly line: number;
}

/**
 * Cuts YAML text into documents as it arrives: `push` the text in any
 * slices, get the documents that are complete; `end` gives the last one.
 * Only the current, incomplete document is kept.
 */
export class DocumentCutter {
  private rest = '';
  private line = 1;

  public push(text: string): Piece[] {
    const buffer = this.rest + text;
    const out: Piece[] = [];
    let start = 0;
    DOCUMENT_START.lastIndex = 0;
    for (let m = DOCUMENT_START.exec(buffer); m !== null; m = DOCUMENT_START.exec(buffer)) {
      // A match at the very end may be `---` cut from the rest of its line: wait for more text.
      if (m.index === 0 || m.index + 3 >= buffer.length) continue;
      const piece = buffer.slice(start, m.index);
      out.push({ text: piece, line: this.line });
      this.line += countLines(piece);
      start = m.index;
    }
    this.rest = buffer.slice(start);
    return out;
  }

  public end(): Piece[] {
    const last = this.rest;
    this.rest = '';
    return last === '' ? [] : [{ text: last, line: this.line }];
  }
}

/** How every document is read: as kubectl reads it (cli/yaml11.ts). */
const LOAD_OPTIONS = { maxAliases: 1000, schema: KUBECTL_SCHEMA };

/**
 * Parses consecutive documents of the file `label` into manifests. Each
 * object's line is the first line with content of its document.
 *
 * The pieces are parsed together, with one js-yaml `loadAll` call: each call
 * has a fixed cost (js-yaml builds its parser state by spreading option
 * objects), which for one call per document was a third of the parse time of
 * 50,000 objects. When the documents don't line up with the pieces (a `...`
 * without `---`, an empty or null document) or the YAML is invalid, each
 * piece is parsed on its own, which gives every object its line and pins an
 * error to its line; a piece holding more than one document gives them all
 * its line.
 */
export function parsePieces(label: string, pieces: readonly Piece[]): Manifest[] {
  const withContent: Array<{ piece: Piece; line: number }> = [];
  for (const piece of pieces) {
    const content = FIRST_CONTENT.exec(piece.text);
    if (content !== null) withContent.push({ piece, line: piece.line + countLines(piece.text, 0, content.index) });
  }
  if (withContent.length === 0) return [];
  resetPending();
  try {
    const docs = loadAll(pieces.map(p => p.text).join(''), LOAD_OPTIONS).filter(d => d !== null && d !== undefined);
    if (docs.length === withContent.length) {
      return docs.map((object, i) => ({ file: label, line: withContent[i].line, object }));
    }
  } catch {
    // parse piece by piece below, to name the line of the error
  }
  const out: Manifest[] = [];
  for (const { piece, line } of withContent) {
    let objects: unknown[];
    try {
      resetPending();
      objects = loadAll(piece.text, LOAD_OPTIONS);
    } catch (e) {
      const mark = (e as YAMLException).mark;
      const at = mark && typeof mark.line === 'number' ? piece.line + mark.line : line;
      const reason = (e as YAMLException).reason ?? (e as Error).message.split('\n')[0];
      throw new LoadError(label, at, isConversionError(reason) ? reason : `not valid YAML: ${reason}; fix the syntax`);
    }
    for (const object of objects) {
      if (object !== null && object !== undefined) {
        out.push({ file: label, line, object });
      }
    }
  }
  return out;
}

/** Parses the text of one YAML file into manifests; `label` names it in messages. */
export function parseManifests(label: string, text: string): Manifest[] {
  const cutter = new DocumentCutter();
  return parsePieces(label, [...cutter.push(text), ...cutter.end()]);
}

/** How `loadPaths` reads. */
export interface LoadOptions {
  /**
   * Also run the per-object checks of `validate` (`validateDocuments`) on
   * every document, where it is parsed; `loadChecked` returns them.
   * @default false
   */
  readonly check?: boolean;
  /** The name of a file in manifests and messages; the path itself by default. */
  readonly label?: (file: string) => string;
  /**
   * Inputs of at least this many bytes are parsed in worker threads.
   * @default 4 MiB (CDK8S_STATEFUL_WORKER_BYTES overrides it)
   */
  readonly workerBytes?: number;
}

/** Manifests, with the per-object checks when asked. */
export interface Loaded {
  readonly manifests: Manifest[];
  /** `validateDocuments(manifests)`, when `check` was set. */
  readonly documents?: DocumentChecks[];
  /** Threads that parsed the input, this one and its worker threads; 0 when it was parsed in this thread alone. */
  readonly workers: number;
}

const READ_BYTES = 1 << 20;
/** Text sent to a worker at once. */
const BATCH_CHARS = 1 << 19;

function readError(file: string, e: unknown): LoadError {
  return new LoadError(file, undefined, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); check the path and permissions`);
}

/** Reads `file` in slices, calling `onPieces` with each batch of complete documents. */
function streamFile(file: string, onPieces: (pieces: Piece[]) => void): void {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    throw readError(file, e);
  }
  try {
    const cutter = new DocumentCutter();
    const buffer = Buffer.alloc(READ_BYTES);
    // A UTF-8 character cut at the end of a slice is kept for the next one.
    const decoder = new (require('string_decoder').StringDecoder)('utf8');
    let first = true;
    for (;;) {
      let n: number;
      try {
        n = fs.readSync(fd, buffer, 0, READ_BYTES, null);
      } catch (e) {
        throw readError(file, e);
      }
      if (n === 0) break;
      let text: string = decoder.write(buffer.subarray(0, n));
      if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
      const pieces = cutter.push(text);
      if (pieces.length) onPieces(pieces);
    }
    const pieces = cutter.push(decoder.end());
    pieces.push(...cutter.end());
    if (pieces.length) onPieces(pieces);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The manifests as the API server and kubectl read them (cli/normalize.ts):
 * nulls dropped, the items of a List each a manifest of its own, at its line
 * in `file` (read again only when there is a List).
 */
export function normalize(manifests: Manifest[], file: string): Manifest[] {
  const { normalizeManifests } = require('./normalize') as typeof import('./normalize');
  return normalizeManifests(manifests, () => {
    try {
      return fs.readFileSync(file, 'utf-8');
    } catch {
      return undefined;
    }
  });
}

/** Reads every manifest under `paths`, normalized (`normalize`). */
export function loadPaths(paths: readonly string[], options: LoadOptions = {}): Manifest[] {
  return loadChecked(paths, options).manifests;
}

/** Reads every manifest under `paths`, normalized, and runs the per-object checks on them when `options.check` is set. */
export function loadChecked(paths: readonly string[], options: LoadOptions = {}): Loaded {
  if (paths.length === 0) {
    throw new LoadError('(command line)', undefined, 'no PATH given; name a .yaml file or a folder such as dist/');
  }
  const files = paths.flatMap(yamlFiles);
  const label = options.label ?? ((f: string) => f);
  const threshold = options.workerBytes ?? Number(process.env.CDK8S_STATEFUL_WORKER_BYTES ?? 4 * (1 << 20));
  let bytes = 0;
  for (const f of files) bytes += fs.statSync(f, { throwIfNoEntry: false })?.size ?? 0;
  const workers = workerCount();
  if (bytes >= threshold && workers > 1) {
    return loadInWorkers(files, label, options.check === true, workers);
  }
  const manifests: Manifest[] = [];
  for (const file of files) {
    const name = label(file);
    const first = manifests.length;
    streamFile(file, pieces => {
      for (const m of normalize(parsePieces(name, pieces), file)) manifests.push(m);
    });
    checkHoldsObjects(file, name, manifests, first);
  }
  if (!options.check) return { manifests, workers: 0 };
  const { validateDocuments } = require('./validate') as typeof import('./validate');
  return { manifests, documents: validateDocuments(manifests), workers: 0 };
}

function isKubernetesObject(o: unknown): boolean {
  return typeof o === 'object' && o !== null && typeof (o as any).apiVersion === 'string' && typeof (o as any).kind === 'string';
}

/** Refuses a file whose documents (`manifests` from `first` on) hold no Kubernetes object. */
function checkHoldsObjects(file: string, name: string, manifests: readonly Manifest[], first: number): void {
  if (first === manifests.length) return;
  for (let i = first; i < manifests.length; i++) if (isKubernetesObject(manifests[i].object)) return;
  const what = 'holds no Kubernetes object (no apiVersion and kind), and kubectl apply -f reads every .json, .yaml and .yml file of a folder and fails on it';
  throw new LoadError(name, manifests[first].line, path.basename(file) === 'construct-metadata.json'
    ? `${what}; cdk8s-cli writes this file for validation plugins: configure the cdk8s-stateful plugin in cdk8s.yaml (it deletes the file after synth), or delete the file`
    : `${what}; delete the file or move it out of the folder`);
}

/**
 * Threads to parse with, this one included: one per core, at most 4
 * (CDK8S_STATEFUL_WORKERS sets the number; 0 or 1 parses in this thread alone).
 */
function workerCount(): number {
  const set = process.env.CDK8S_STATEFUL_WORKERS;
  if (set !== undefined && /^\d+$/.test(set)) return Number(set);
  return Math.min(os.availableParallelism?.() ?? os.cpus().length, 4);
}

/** What a worker sends back for one batch. */
export interface BatchResult {
  readonly batch: number;
  /** The file's name in manifests and messages. */
  readonly file: string;
  /** The file's path. */
  readonly source: string;
  /** The parsed objects as JSON, when JSON carries them exactly (cli/load-worker.ts). */
  readonly json?: string;
  /** The parsed objects, as a structured clone, otherwise (NaN, Infinity, -0). */
  readonly objects?: unknown[];
  readonly lines?: number[];
  readonly documents?: DocumentChecks[];
  readonly error?: { file: string; line?: number; detail: string } | { message: string };
}

/** Parses (and checks, when `check`) one batch of documents: what a worker thread does, and this thread when every worker is busy. */
export function parseBatch(file: string, source: string, pieces: readonly Piece[], check: boolean): { manifests: Manifest[]; documents?: DocumentChecks[] } {
  const manifests = normalize(parsePieces(file, pieces), source);
  if (!check) return { manifests };
  const { validateDocuments } = require('./validate') as typeof import('./validate');
  return { manifests, documents: validateDocuments(manifests) };
}

/** An error of a batch, as a worker sends it back. */
export function batchError(e: unknown): NonNullable<BatchResult['error']> {
  return e instanceof LoadError ? { file: e.file, line: e.line, detail: e.detail } : { message: (e as Error).stack ?? String(e) };
}

/** The worker script: compiled JavaScript next to this module, or in build/cli/ when this runs from its source. */
function workerScript(): string {
  const here = path.join(__dirname, 'load-worker.js');
  return fs.existsSync(here) ? here : path.join(__dirname, '..', 'build', 'cli', 'load-worker.js');
}

/**
 * Parses (and checks) batches of documents in `count` threads: `count - 1`
 * worker threads, and this thread, which reads the files, sends each batch
 * to a worker and parses a batch itself whenever every worker has two in
 * flight (so that little text is read ahead). A batch parsed here needs no
 * passing back, and one worker fewer loads the checks: on 2 cores, this
 * thread and one worker. Synchronous for the caller: results come back
 * through message ports read with `receiveMessageOnPort`, and this thread
 * sleeps on a shared counter (Atomics.wait) while none is ready.
 */
function loadInWorkers(files: string[], label: (f: string) => string, check: boolean, count: number): Loaded {
  const { Worker: WorkerClass, MessageChannel, receiveMessageOnPort } = require('worker_threads') as typeof import('worker_threads');
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const pool: Array<{ worker: Worker; port: MessagePort; inFlight: number }> = [];
  for (let i = 0; i < Math.max(1, count - 1); i++) {
    const { port1, port2 } = new MessageChannel();
    const worker = new WorkerClass(workerScript(), { workerData: { port: port2, signal, check }, transferList: [port2] });
    worker.unref();
    pool.push({ worker, port: port1, inFlight: 0 });
  }
  const results: BatchResult[] = [];
  /** Batches made, the index of the next one; `sent` and `received` count those of the workers. */
  let batches = 0;
  let sent = 0;
  let received = 0;
  let next = 0;
  const drain = (): void => {
    for (const w of pool) {
      for (let m = receiveMessageOnPort(w.port); m !== undefined; m = receiveMessageOnPort(w.port)) {
        const r = m.message as BatchResult;
        // Parsed as it arrives, while the workers go on.
        results[r.batch] = r.json !== undefined ? { ...r, json: undefined, objects: JSON.parse(r.json) } : r;
        w.inFlight--;
        received++;
      }
    }
  };
  const wait = (): void => {
    const seen = Atomics.load(signal, 0);
    drain();
    if (received === seen && received < sent) Atomics.wait(signal, 0, seen, 1000);
    drain();
  };
  const parseHere = (file: string, pieces: Piece[]): void => {
    const batch = batches++;
    try {
      const { manifests, documents } = parseBatch(label(file), file, pieces, check);
      results[batch] = { batch, file: label(file), source: file, objects: manifests.map(m => m.object), lines: manifests.map(m => m.line), documents };
    } catch (e) {
      results[batch] = { batch, file: label(file), source: file, error: batchError(e) };
    }
  };
  const send = (file: string, pieces: Piece[]): void => {
    drain();
    for (let i = 0; i < pool.length; i++) {
      const w = pool[next++ % pool.length];
      if (w.inFlight < 2) {
        w.worker.postMessage({ batch: batches++, file: label(file), source: file, pieces });
        w.inFlight++;
        sent++;
        return;
      }
    }
    parseHere(file, pieces);
  };
  try {
    for (const file of files) {
      let batch: Piece[] = [];
      let size = 0;
      streamFile(file, pieces => {
        for (const p of pieces) {
          batch.push(p);
          size += p.text.length;
          if (size >= BATCH_CHARS) {
            send(file, batch);
            batch = [];
            size = 0;
          }
        }
      });
      if (batch.length) send(file, batch);
    }
    while (received < sent) wait();
  } finally {
    for (const w of pool) void w.worker.terminate();
  }
  const manifests: Manifest[] = [];
  const documents: DocumentChecks[] = [];
  for (const r of results) {
    if (r.error) {
      if ('detail' in r.error) throw new LoadError(r.error.file, r.error.line, r.error.detail);
      throw new Error(r.error.message);
    }
  }
  let first = 0;
  for (let b = 0; b < results.length; b++) {
    const r = results[b];
    r.objects!.forEach((object, i) => manifests.push({ file: r.file, line: r.lines![i], object }));
    if (r.documents) for (const d of r.documents) documents.push(d);
    results[b] = undefined as any;
    if (b + 1 === results.length || results[b + 1].source !== r.source) {
      checkHoldsObjects(r.source, r.file, manifests, first);
      first = manifests.length;
    }
  }
  return check ? { manifests, documents, workers: count } : { manifests, workers: count };
}

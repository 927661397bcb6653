/**
 * A worker thread of cli/load.ts for large inputs: parses each batch of
 * documents it is sent, runs the per-object checks of `validate` on them when
 * asked (`validateDocuments`), and sends the result back on its port, then
 * bumps the shared counter that the loading thread sleeps on.
 */
import { parentPort, workerData } from 'worker_threads';
import type { BatchResult, Piece } from './load';
import { LoadError, parsePieces } from './load';
import type { DocumentChecks } from './validate';

const { port, signal, check } = workerData as { port: import('worker_threads').MessagePort; signal: Int32Array; check: boolean };
let validateDocuments: ((m: any[]) => DocumentChecks[]) | undefined;

parentPort!.on('message', ({ batch, file, source, pieces }: { batch: number; file: string; source: string; pieces: Piece[] }) => {
  let result: BatchResult;
  try {
    const manifests = parsePieces(file, pieces);
    let documents: DocumentChecks[] | undefined;
    if (check) {
      validateDocuments ??= (require('./validate') as typeof import('./validate')).validateDocuments;
      documents = validateDocuments(manifests);
    }
    result = { batch, file, source, objects: manifests.map(m => m.object), lines: manifests.map(m => m.line), documents };
  } catch (e) {
    result = {
      batch, file, source,
      error: e instanceof LoadError ? { file: e.file, line: e.line, detail: e.detail } : { message: (e as Error).stack ?? String(e) },
    };
  }
  port.postMessage(result);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
});

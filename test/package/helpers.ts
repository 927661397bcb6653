/** Shared by the package tests: run commands, pack the library, write a consumer's lockfile. */
import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

export const ROOT = path.join(__dirname, '..', '..');

/** The library's package.json. */
export const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** Runs a command, returns its stdout; on failure the error carries stdout and stderr. */
export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (e: any) {
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

/** Packs the library (already built by global-setup) into `dir`; returns the tarball's path. */
export function pack(dir: string): string {
  const out = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT));
  return path.join(dir, out[0].filename);
}

/** The `npm pack --dry-run --json` file list of the library. */
export function dryRunFiles(): string[] {
  const out = JSON.parse(run('npm', ['pack', '--dry-run', '--ignore-scripts', '--json'], ROOT));
  return out[0].files.map((f: { path: string }) => f.path);
}

interface LockEntry {
  version?: string;
  dependencies?: { [name: string]: string };
  optionalDependencies?: { [name: string]: string };
  peerDependencies?: { [name: string]: string };
  peerDependenciesMeta?: { [name: string]: { optional?: boolean } };
  [key: string]: unknown;
}

/**
 * The entries of `lock` (a package-lock.json v3) that installing `roots`
 * needs: the roots and everything they depend on, where npm placed it. A
 * consumer app installs them with `npm ci --offline`, which reads tarballs
 * from the npm cache by integrity (`npm install` would need full registry
 * metadata, which `npm ci` does not cache).
 */
export function lockClosure(lock: { packages: { [key: string]: LockEntry } }, roots: string[]): { [key: string]: LockEntry } {
  const all = lock.packages;
  const out: { [key: string]: LockEntry } = {};
  const queue: string[] = [];
  const resolve = (from: string, name: string): string | undefined => {
    let dir = from;
    for (;;) {
      const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`;
      if (all[candidate]) return candidate;
      if (!dir) return undefined;
      const i = dir.lastIndexOf('/node_modules/');
      dir = i < 0 ? '' : dir.slice(0, i);
    }
  };
  const visit = (key: string) => {
    if (out[key]) return;
    const entry = { ...all[key] };
    delete entry.dev;
    delete entry.devOptional;
    delete entry.peer;
    out[key] = entry;
    queue.push(key);
  };
  for (const name of roots) {
    const key = resolve('', name);
    if (!key) throw new Error(`${name} is not in package-lock.json; run npm install`);
    visit(key);
  }
  while (queue.length > 0) {
    const key = queue.shift()!;
    const entry = all[key];
    const edges: Array<[string, boolean]> = [
      ...Object.keys(entry.dependencies ?? {}).map(n => [n, false] as [string, boolean]),
      ...Object.keys(entry.optionalDependencies ?? {}).map(n => [n, true] as [string, boolean]),
      ...Object.keys(entry.peerDependencies ?? {}).map(n => [n, entry.peerDependenciesMeta?.[n]?.optional === true] as [string, boolean]),
    ];
    for (const [name, optional] of edges) {
      const target = resolve(key, name);
      if (target) visit(target);
      else if (!optional) throw new Error(`${key} needs ${name}, which is not in package-lock.json`);
    }
  }
  return out;
}

/** `sha512-...` integrity of a file, as npm writes it into a lockfile. */
export function integrity(file: string): string {
  return `sha512-${crypto.createHash('sha512').update(fs.readFileSync(file)).digest('base64')}`;
}

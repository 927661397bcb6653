import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments, stringify } from 'yaml';
import { Finding } from '../../cli/findings';
import { Manifest } from '../../cli/load';
import { main } from '../../cli/main';
import { normalizeManifests } from '../../cli/normalize';
import { validateManifests } from '../../cli/validate';

export const ROOT = path.join(__dirname, '..', '..');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'cli');
export const SEED = path.join(ROOT, 'test', 'fixtures', 'seed');
export const DIST = path.join(ROOT, 'dist');

/** Result of one in-process run of the command. */
export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `cdk8s-stateful ARGV` in-process. */
export async function run(argv: string[], cwd = ROOT): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: t => { stdout += t; }, stderr: t => { stderr += t; }, cwd });
  return { code, stdout, stderr };
}

/** The objects of a fixture file or folder, as fresh copies to mutate. */
export function objects(file: string): any[] {
  const files = fs.statSync(file).isDirectory() ? fs.readdirSync(file).filter(f => /\.ya?ml$/.test(f)).sort().map(f => path.join(file, f)) : [file];
  return files.flatMap(f => parseAllDocuments(fs.readFileSync(f, 'utf-8')).map(d => d.toJS()).filter(o => o));
}

/** The fixture `name` of test/fixtures/cli. */
export function fixture(name: string): any[] {
  return objects(path.join(FIXTURES, name));
}

/** Writes objects as one multi-document YAML file in a new temp folder; returns the file. */
export function writeSet(objs: any[], name = 'set.yaml'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-stateful-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, objs.map(o => stringify(o)).join('---\n'));
  return file;
}

/** Writes text to a temp file. */
export function writeText(text: string, name = 'set.yaml'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-stateful-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** The one object of `kind` named `name`. */
export function get(objs: any[], kind: string, name: string): any {
  const found = objs.filter(o => o.kind === kind && o.metadata?.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${found.length}`);
  return found[0];
}

/** Validates objects in-process through the command line. */
export async function validate(objs: any[]): Promise<Run> {
  return run(['validate', writeSet(objs)]);
}

/** Lines of the output that are findings of `severity`. */
export function lines(out: string, severity: 'error' | 'warning'): string[] {
  return out.split('\n').filter(l => l.startsWith(`${severity} `));
}

/** One row of a rule table: a mutation that breaks the rule, with the finding it must give, and one that passes. */
export interface RuleCase<M> {
  readonly rule: string;
  readonly field: string;
  readonly message: RegExp;
  readonly bad: M;
  readonly good: M;
  readonly severity?: 'error' | 'warning';
}

/** The seed (Service, StatefulSet, 3 PVs) after `mutate` of its StatefulSet, normalized and validated in-process. */
export function seedFindings(mutate: (sts: any, all: any[]) => void): Finding[] {
  const objs = objects(SEED);
  mutate(objs.find(o => o.kind === 'StatefulSet'), objs);
  const manifests: Manifest[] = objs.map((object, i) => ({ file: 'set.yaml', line: i + 1, object }));
  return validateManifests(normalizeManifests(manifests, () => undefined)).findings;
}

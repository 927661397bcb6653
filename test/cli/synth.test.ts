/**
 * One-line user errors for apps on the library (cli/synth.ts): the preload
 * bin/one-line-errors.js in the app's process, and the parsing of the errors
 * cdk8s raises around an InputError.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Duration, Size } from 'cdk8s';
import { formatUserMistake, userMistake } from '../../cli/synth';
import { StatefulWorkload } from '../../lib';
import { InputError } from '../../lib/errors';
import { ROOT } from './helpers';

/** Runs `script` with `node --require bin/one-line-errors.js`, output folder `outdir`. */
function runApp(script: string, outdir: string) {
  const file = path.join(outdir, '..', 'app.js');
  fs.writeFileSync(file, script);
  const r = spawnSync(process.execPath, ['--require', path.join(ROOT, 'bin', 'one-line-errors.js'), file], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, CDK8S_OUTDIR: outdir },
  });
  return { status: r.status, stderr: r.stderr };
}

function outdirWithOldOutput(): string {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'one-line-')), 'dist');
  fs.mkdirSync(path.join(dir, 'chart'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'old.k8s.yaml'), 'kind: Stale\n');
  fs.writeFileSync(path.join(dir, 'chart', 'Service.x.k8s.yaml'), 'kind: Stale\n');
  fs.writeFileSync(path.join(dir, 'construct-metadata.json'), '{}');
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'kept');
  return dir;
}

describe('the --require cdk8s-stateful/one-line-errors preload', () => {
  test('an uncaught InputError: one line, exit 1, no manifest left in the output folder', () => {
    const outdir = outdirWithOldOutput();
    const r = runApp(`const e = new Error('statefulset web: replicas -1 is not a whole number >= 0; give e.g. 1'); e.name = 'InputError'; throw e;\n`, outdir);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('error: statefulset web: replicas -1 is not a whole number >= 0; give e.g. 1\n');
    expect(fs.readdirSync(outdir).sort()).toEqual(['chart', 'notes.txt']);
    expect(fs.readdirSync(path.join(outdir, 'chart'))).toEqual([]);
  });

  test('any other error is a bug: its stack trace stays, exit 1', () => {
    const r = runApp(`function deep() { throw new TypeError('boom'); }\ndeep();\n`, outdirWithOldOutput());
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^TypeError: boom\n\s+at deep /);
  });
});

describe('userMistake', () => {
  test('an InputError, by name, whichever copy of the library threw it', () => {
    expect(userMistake(new InputError('x: y'))).toBe('x: y');
    const other = new Error('a: b');
    other.name = 'InputError';
    expect(userMistake(other)).toBe('a: b');
    expect(userMistake(new Error('a: b'))).toBeUndefined();
  });

  test('the user mistakes cdk8s and constructs throw as plain errors: one line naming the value and the fix', () => {
    const thrown = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return userMistake(e);
      }
      throw new Error('expected a throw');
    };
    const chart = new Chart(new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'user-mistake-')) }), 'my-chart');
    new StatefulWorkload(chart, 'web', { image: 'web:1' });
    expect(thrown(() => new StatefulWorkload(chart, 'web', { image: 'web:1' })))
      .toBe('construct id "web" is used twice in Chart my-chart; give each construct in a scope its own id');
    expect(thrown(() => Size.mebibytes(-5))).toBe('storage amount -5 is negative; give an amount >= 0, e.g. Size.mebibytes(100)');
    expect(thrown(() => Duration.seconds(-1))).toBe('duration amount -1 is negative; give an amount >= 0, e.g. Duration.seconds(30)');
    expect(thrown(() => Duration.parse('30s'))).toBe('duration "30s" is not an ISO 8601 duration; give e.g. PT30S, or use Duration.seconds(30)');
    expect(thrown(() => Size.kibibytes(1).toMebibytes())).toBe('1 kibibytes is not a whole number of mebibytes; give an amount that converts exactly');
    // Any other plain Error is a bug: no rewrite, so it keeps its stack trace.
    expect(thrown(() => chart.node.findChild('nope'))).toBeUndefined();
  });

  test('failed construct validations: one line each, without the construct paths', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'user-mistake-')) });
    new StatefulWorkload(new Chart(app, 'a'), 'web', { image: 'web:1' });
    new StatefulWorkload(new Chart(app, 'b'), 'web', { image: 'web:1' });
    let caught: unknown;
    try {
      app.synth();
    } catch (e) {
      caught = e;
    }
    const message = userMistake(caught)!;
    expect(message.split('\n').length).toBeGreaterThan(1);
    expect(message.split('\n').every(line => !line.startsWith('['))).toBe(true);
    expect(formatUserMistake(message).split('\n').filter(l => l !== '').every(l => /^error: \S+ \S+: name is given to 2 objects/.test(l))).toBe(true);
  });

  test('an InputError that cdk8s wrapped while resolving a value', () => {
    expect(userMistake(new Error("Failed serializing construct at path 'c/x' with name 'x': InputError: bad thing; fix it"))).toBe('bad thing; fix it');
  });
});

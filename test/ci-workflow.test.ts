/**
 * The user CI template (.github/workflows/cdk8s.yml) has the steps the issue
 * asks for, and .ci/run runs it through scripts/run-workflow.js, whose
 * behaviour is checked here on small workflows.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';

const ROOT = path.join(__dirname, '..');
const WORKFLOW = path.join(ROOT, '.github', 'workflows', 'cdk8s.yml');
const RUNNER = path.join(ROOT, 'scripts', 'run-workflow.js');

const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach(d => fs.rmSync(d, { recursive: true, force: true })));

function runWorkflow(text: string, ...args: string[]): { status: number | null; stdout: string; stderr: string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'run-workflow-'));
  tempDirs.push(dir);
  fs.writeFileSync(path.join(dir, 'wf.yml'), text);
  const r = spawnSync(process.execPath, [RUNNER, 'wf.yml', ...args], { cwd: dir, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, dir };
}

describe('the user CI template', () => {
  const workflow = parse(fs.readFileSync(WORKFLOW, 'utf8'));
  const steps: any[] = Object.values<any>(workflow.jobs)[0].steps;
  const named = (name: string) => {
    const step = steps.find(s => s.name === name);
    if (!step) throw new Error(`no step ${name} in ${WORKFLOW}`);
    return step.run as string;
  };

  test('installs, synthesizes, checks dist/, tests, validates and diffs against the base branch, in that order', () => {
    expect(steps.filter(s => s.run).map(s => s.name))
      .toEqual(['Install', 'Synthesize', 'dist/ is fresh', 'Test', 'Validate', 'Diff against the base branch']);
    expect(named('Install')).toMatch(/^npm ci\b/);
    expect(named('Test')).toBe('npm test');
    expect(named('Synthesize')).toMatch(/^npx cdk8s synth$/);
    expect(named('dist/ is fresh')).toMatch(/git diff --exit-code --stat -- dist\//);
    expect(named('dist/ is fresh')).toMatch(/git status --porcelain -- dist\//);
    expect(named('Validate')).toMatch(/^npx --no cdk8s-stateful validate dist\/$/);
    expect(named('Diff against the base branch')).toMatch(/^npx --no cdk8s-stateful diff --git-ref "\$BASE_REF" dist\/$/);
  });

  test('tests every Node.js version package.json supports: 20, 22 and 24', () => {
    const job: any = Object.values<any>(workflow.jobs)[0];
    expect(job.strategy.matrix.node).toEqual([20, 22, 24]);
    expect(steps.find(s => s.uses?.startsWith('actions/setup-node'))?.with?.['node-version']).toBe('${{ matrix.node }}');
    const engines = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).engines.node;
    expect(engines).toBe(job.strategy.matrix.node.map((v: number) => `^${v}.0.0`).join(' || '));
  });

  test('.ci/run runs this workflow', () => {
    expect(fs.readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8'))
      .toMatch(/^node scripts\/run-workflow\.js \.github\/workflows\/cdk8s\.yml "BASE_REF=\$base"$/m);
  });
});

describe('scripts/run-workflow.js', () => {
  const ok = [
    'jobs:',
    '  one:',
    '    env:',
    '      GREETING: hello',
    '      BASE: origin/${{ github.base_ref || github.event.repository.default_branch }}',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - name: First',
    '        run: echo "$GREETING $BASE" > first.txt',
    '      - name: Second',
    '        env:',
    '          EXTRA: more',
    '        run: |',
    '          echo "$EXTRA" > second.txt',
    '',
  ].join('\n');

  test('runs the run steps in order with the job and step env, skipping uses steps', () => {
    const r = runWorkflow(ok);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/== actions\/checkout@v4: skipped, done by the GitHub runner/);
    expect(fs.readFileSync(path.join(r.dir, 'first.txt'), 'utf8')).toBe('hello origin/main\n');
    expect(fs.readFileSync(path.join(r.dir, 'second.txt'), 'utf8')).toBe('more\n');
  });

  test('NAME=VALUE overrides a job env variable, and only one the job has', () => {
    const r = runWorkflow(ok, 'BASE=main');
    expect(r.status).toBe(0);
    expect(fs.readFileSync(path.join(r.dir, 'first.txt'), 'utf8')).toBe('hello main\n');
    const typo = runWorkflow(ok, 'BSAE=main');
    expect(typo.status).toBe(2);
    expect(typo.stderr).toMatch(/BSAE=main: give NAME=VALUE for a variable of the env of job one/);
  });

  test('stops at the first failing step, with exit 1, like a GitHub runner (bash -eo pipefail)', () => {
    const r = runWorkflow(ok.replace('echo "$GREETING $BASE" > first.txt', 'false | cat'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/step "First" of wf\.yml failed \(exit 1\)/);
    expect(fs.existsSync(path.join(r.dir, 'second.txt'))).toBe(false);
  });

  test('refuses expressions it has no local value for, and expressions inside run', () => {
    const unknown = runWorkflow(ok.replace('github.base_ref || github.event.repository.default_branch', 'github.sha'));
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/env BASE: no local value for \$\{\{ github\.sha \}\}/);
    const inRun = runWorkflow(ok.replace('echo "$EXTRA"', 'echo "${{ github.sha }}"'));
    expect(inRun.status).toBe(2);
    expect(inRun.stderr).toMatch(/step Second uses a \$\{\{ \}\} expression in run; pass it through env/);
  });

  test('runs a job with a node matrix once, as the entry of this machine\'s Node.js, and refuses one that does not list it', () => {
    const here = process.versions.node.split('.')[0];
    const withMatrix = (versions: string) => ok.replace('  one:\n', `  one:\n    strategy:\n      matrix:\n        node: [${versions}]\n`)
      .replace('      GREETING: hello', '      GREETING: node-${{ matrix.node }}');
    const r = runWorkflow(withMatrix(`${here}, 99`));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`== matrix: node ${here}, this machine's Node.js \\(99: on GitHub's runners only\\)`));
    expect(fs.readFileSync(path.join(r.dir, 'first.txt'), 'utf8')).toBe(`node-${here} origin/main\n`);
    const missing = runWorkflow(withMatrix('98, 99'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/lists Node\.js 98, 99, and this machine runs/);
    expect(fs.existsSync(path.join(missing.dir, 'first.txt'))).toBe(false);
  });
});

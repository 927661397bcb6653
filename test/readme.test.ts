/**
 * README.md stays short, in a newcomer's order, and true to the code: the
 * consumer app folder it shows is examples/consumer-app verbatim, the YAML it
 * shows is what that chart synthesizes, and the docs it links exist. The
 * configuration table of docs/configuration.md matches app/config.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { FIELDS } from '../app/config';
import { validateManifests } from '../cli/validate';
import { MyChart } from '../examples/consumer-app/chart';

const ROOT = path.join(__dirname, '..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
const APP = path.join(ROOT, 'examples', 'consumer-app');

/** The fenced block that follows `<!-- example:NAME -->`. */
function block(name: string): string {
  const escaped = name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const match = new RegExp(`<!-- example:${escaped} -->\\n\`\`\`\\w+\\n([\\s\\S]*?)\`\`\``).exec(readme);
  if (!match) throw new Error(`README has no block after <!-- example:${name} -->`);
  return match[1];
}

/**
 * Docs other branches of issue 11 add; linked here already. Remove a name
 * once its file is merged (the test then checks that it exists).
 */
const ADDED_ELSEWHERE = ['docs/library.md'];

describe('README: a newcomer\'s order, at most 300 lines', () => {
  test('at most 300 lines', () => {
    expect(readme.replace(/\n$/, '').split('\n').length).toBeLessThanOrEqual(300);
  });

  test('what it is and the picture, quick start, trying it on a cluster, own app, links to docs/', () => {
    const headings = [...readme.matchAll(/^## (.*)$/gm)].map(m => m[1]);
    expect(headings).toEqual(['Quick start', 'Try it on a cluster', 'Use it in your own cdk8s app', 'More']);
    const intro = readme.slice(0, readme.indexOf('## Quick start'));
    expect(intro).toMatch(/```mermaid\nflowchart LR[\s\S]*headless Service[\s\S]*pod k8sdemo-0[\s\S]*PVC data-k8sdemo-0[\s\S]*PV data-k8sdemo-pv-1/);
  });

  test('the quick start gives the two commands: install and synthesize, and the whole test suite', () => {
    const quick = readme.split('## Quick start\n')[1].split('\n## ')[0];
    expect(quick).toContain('npm ci && npm run synth\n');
    expect(quick).toContain('npm test\n');
  });

  test.each(['cluster.md', 'configuration.md', 'library.md', 'cli.md', 'security.md', 'speed.md', 'development.md'])('links docs/%s, which exists', doc => {
    expect(readme).toContain(`](docs/${doc})`);
    if (!ADDED_ELSEWHERE.includes(`docs/${doc}`)) expect(fs.existsSync(path.join(ROOT, 'docs', doc))).toBe(true);
  });
});

describe('README stays true to the code', () => {
  const files = fs.readdirSync(APP).filter(f => !f.startsWith('.') && !f.endsWith('.js')).sort();

  test('the consumer app folder has package.json, tsconfig, cdk8s.yaml, main.ts and a test', () => {
    expect(files).toEqual(['cdk8s.yaml', 'chart.test.ts', 'chart.ts', 'main.ts', 'package.json', 'tsconfig.json']);
  });

  test.each(files)('shows examples/consumer-app/%s verbatim', file => {
    expect(block(`examples/consumer-app/${file}`)).toBe(fs.readFileSync(path.join(APP, file), 'utf-8'));
  });

  test('the smallest working chart is what validate passes without a finding (no runAsUser or NFS-ownership trap)', () => {
    const objects = Testing.synth(new MyChart(Testing.app(), 'my-chart'));
    const result = validateManifests(objects.map((object, i) => ({ file: 'chart.yaml', line: i + 1, object })));
    expect(result.findings.map(f => `${f.severity} ${f.check} ${f.field}: ${f.message}`)).toEqual([]);
  });

  test('the YAML shown is what the example synthesizes', () => {
    const shown = parseAllDocuments(block('minimal.yaml')).map(d => d.toJSON());
    expect(shown).toEqual(Testing.synth(new MyChart(Testing.app(), 'my-chart')));
  });
});

describe('docs/configuration.md matches app/config.ts', () => {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'configuration.md'), 'utf-8');

  test.each(FIELDS.map(f => [f.path, f]))('documents %s with its variable and default', (_, field: any) => {
    expect(doc).toContain(`| \`${field.path}\` | \`${field.env}\` | \`${field.defaultValue}\` |`);
  });

  // The values a setting accepts are those its check names when it refuses one (oneOf in app/config.ts).
  const choices = (field: any): string[] => {
    try {
      field.check?.('test', field.path, 'NotAValue');
    } catch (e) {
      const m = /is not one of (.+); use one of those$/.exec((e as Error).message);
      if (m) return m[1].split(', ');
    }
    return [];
  };

  test('some settings take one of a list of values', () => {
    expect(choices(FIELDS.find(f => f.path === 'storage.accessMode'))).toContain('ReadWriteOncePod');
  });

  test.each(FIELDS.filter(f => choices(f).length > 0).map(f => [f.path, f]))('the row of %s names every value the app accepts', (_, field: any) => {
    const row = doc.split('\n').find(l => l.startsWith(`| \`${field.path}\` |`))!;
    for (const value of choices(field)) expect(row).toContain(value);
  });

  test.each(FIELDS.filter(f => f.oldPath || f.oldEnv).map(f => [f.path, f]))('lists the old names of %s', (_, field: any) => {
    const row = doc.split('\n').find(l => l.includes(`\`${field.oldPath ?? field.oldEnv}\``) && l.startsWith('| '));
    expect(row).toBeDefined();
    for (const old of [field.oldPath, field.oldEnv].filter(Boolean)) expect(row).toContain(`\`${old}\``);
    expect(row).toContain(`\`${field.oldPath ? field.path : field.env}\``);
  });
});

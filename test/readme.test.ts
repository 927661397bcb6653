import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { FIELDS } from '../app/config';
import { MyChart } from '../examples/consumer-app/chart';

const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8');

/** The fenced block that follows `<!-- example:NAME -->`. */
function block(name: string): string {
  const match = new RegExp(`<!-- example:${name.replace('.', '\\.')} -->\\n\`\`\`\\w+\\n([\\s\\S]*?)\`\`\``).exec(readme);
  if (!match) throw new Error(`README has no block after <!-- example:${name} -->`);
  return match[1];
}

describe('README stays true to the code', () => {
  test('the library example is examples/consumer-app/chart.ts, verbatim', () => {
    expect(block('minimal.ts')).toBe(fs.readFileSync(path.join(__dirname, '..', 'examples', 'consumer-app', 'chart.ts'), 'utf-8'));
  });

  test('the YAML shown is what the example synthesizes', () => {
    const shown = parseAllDocuments(block('minimal.yaml')).map(d => d.toJSON());
    expect(shown).toEqual(Testing.synth(new MyChart(Testing.app(), 'my-chart')));
  });

  test.each(FIELDS.map(f => [f.path, f]))('configuration table documents %s with its variable and default', (_, field: any) => {
    expect(readme).toContain(`| \`${field.path}\` | \`${field.env}\` | \`${field.defaultValue}\` |`);
  });
});

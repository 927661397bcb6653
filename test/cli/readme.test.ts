/**
 * docs/cli.md shows real output: every
 * block after a `<!-- cli: ARGS -->` marker is what `npm run -s COMMAND -- ARGS`
 * prints now. When one fails because the output changed on purpose, run
 * `npx ts-node --transpile-only test/cli/update-readme.ts` and review the diff.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from './helpers';
import { render } from './update-readme';

const readme = fs.readFileSync(path.join(ROOT, 'docs', 'cli.md'), 'utf-8');
const blocks = [...readme.matchAll(/<!-- cli: (.+?) -->\n```(\w+)\n([\s\S]*?)```/g)].map(m => ({ args: m[1].split(' '), lang: m[2], body: m[3] }));

describe('docs/cli.md shows real output of the commands', () => {
  test('the section has validate, plan (table and mermaid) and diff blocks', () => {
    expect(blocks.map(b => `${b.args[0]} ${b.lang}`)).toEqual(expect.arrayContaining(['validate text', 'plan text', 'plan mermaid', 'diff text']));
  });

  test.each(blocks.map(b => [b.args.join(' '), b]))('%s', async (_name, b: any) => {
    expect(b.body).toBe(await render(b.args, b.lang, ROOT));
  });
});

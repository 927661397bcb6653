/**
 * Rewrites every block after a `<!-- cli: ARGS -->` marker of docs/cli.md with
 * the current output of `cdk8s-stateful ARGS`, the way test/cli/readme.test.ts
 * expects it. Run: npx ts-node --transpile-only test/cli/update-readme.ts
 */
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../cli/main';

export async function render(args: string[], lang: string, cwd: string): Promise<string> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: t => { stdout += t; }, stderr: t => { stderr += t; }, cwd });
  const [command, ...rest] = args;
  return lang === 'mermaid' ? stdout : `$ npm run -s ${command} -- ${rest.join(' ')}\n${stdout}${stderr}(exit ${code})\n`;
}

async function update(): Promise<void> {
  const root = path.join(__dirname, '..', '..');
  const file = path.join(root, 'docs', 'cli.md');
  let readme = fs.readFileSync(file, 'utf-8');
  for (const m of [...readme.matchAll(/<!-- cli: (.+?) -->\n```(\w+)\n([\s\S]*?)```/g)]) {
    const body = await render(m[1].split(' '), m[2], root);
    readme = readme.replace(m[0], `<!-- cli: ${m[1]} -->\n\`\`\`${m[2]}\n${body}\`\`\``);
  }
  fs.writeFileSync(file, readme);
}

if (require.main === module) {
  update().catch(e => { console.error(e); process.exit(1); });
}

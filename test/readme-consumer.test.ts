/** The README's "Use it in your own cdk8s app" section matches the consumer test and package.json. */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
const section = readme.split('## Use it in your own cdk8s app\n')[1]?.split('\n## ')[0] ?? '';

describe('README: use it in your own cdk8s app', () => {
  test('shows the consumer test app verbatim', () => {
    const match = /<!-- example:test\/package\/consumer-app\/main\.ts -->\n```ts\n([\s\S]*?)```/.exec(section);
    expect(match).not.toBeNull();
    expect(match![1]).toBe(fs.readFileSync(path.join(ROOT, 'test', 'package', 'consumer-app', 'main.ts'), 'utf8'));
  });

  test('shows the consumer test app\'s cdk8s.yaml verbatim', () => {
    const match = /<!-- example:test\/package\/consumer-app\/cdk8s\.yaml -->\n```yaml\n([\s\S]*?)```/.exec(section);
    expect(match).not.toBeNull();
    expect(match![1]).toBe(fs.readFileSync(path.join(ROOT, 'test', 'package', 'consumer-app', 'cdk8s.yaml'), 'utf8'));
  });

  test('the install command names the package and every peer', () => {
    const install = /^npm install (.*)$/m.exec(section);
    expect(install).not.toBeNull();
    expect(install![1].split(' ').sort()).toEqual([pkg.name, ...Object.keys(pkg.peerDependencies)].sort());
  });

  test.each(Object.keys(pkg.peerDependencies))('states the range of peer %s and the version the tests install', peer => {
    const tested = lock.packages[`node_modules/${peer}`].version;
    expect(pkg.peerDependencies[peer]).toBe(`^${tested}`);
    expect(section).toContain(`| \`${peer}\` | \`${pkg.peerDependencies[peer]}\` | ${tested} |`);
  });
});

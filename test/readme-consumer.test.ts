/** The README's "Use it in your own cdk8s app" section and docs/development.md's peer table match package.json. */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const development = fs.readFileSync(path.join(ROOT, 'docs', 'development.md'), 'utf8');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
const section = readme.split('## Use it in your own cdk8s app\n')[1]?.split('\n## ')[0] ?? '';

describe('README: use it in your own cdk8s app', () => {
  test('the install command names the package and every peer', () => {
    const install = /^npm install (.*)$/m.exec(section);
    expect(install).not.toBeNull();
    expect(install![1].split(' ').sort()).toEqual([pkg.name, ...Object.keys(pkg.peerDependencies)].sort());
  });

  test('it names the tarball npm pack writes', () => {
    expect(section).toContain(`${pkg.name}-${pkg.version}.tgz`);
  });

  test.each(Object.keys(pkg.peerDependencies))('docs/development.md states the range of peer %s and the version the tests install', peer => {
    const tested = lock.packages[`node_modules/${peer}`].version;
    expect(pkg.peerDependencies[peer]).toBe(`^${tested}`);
    expect(development).toContain(`| \`${peer}\` | \`${pkg.peerDependencies[peer]}\` | ${tested} |`);
  });
});

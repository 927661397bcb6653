// Builds the library (jsii: build/ and .jsii) before the package tests, once,
// and only when a source is newer than the last build (as make would); the
// tests pack with --ignore-scripts so that no two of them rebuild at once.
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..', '..');
const INPUTS = ['lib', 'imports', 'cli', 'package.json', 'tsconfig.build.json'];

function newestInput(p) {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(p).map(f => newestInput(path.join(p, f))));
}

module.exports = async () => {
  const assembly = path.join(root, '.jsii');
  const built = fs.existsSync(assembly) ? fs.statSync(assembly).mtimeMs : 0;
  const newest = Math.max(...INPUTS.map(p => newestInput(path.join(root, p))));
  if (built > newest && fs.existsSync(path.join(root, 'build', 'lib', 'index.js'))) {
    return;
  }
  execFileSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
};

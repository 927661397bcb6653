// Builds the library once (jsii: build/ and .jsii) before the package tests,
// which pack it with --ignore-scripts so that no two tests rebuild at once.
const { execFileSync } = require('child_process');
const path = require('path');

module.exports = async () => {
  execFileSync('npm', ['run', '-s', 'build'], { cwd: path.join(__dirname, '..', '..'), stdio: 'inherit' });
};

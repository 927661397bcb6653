'use strict';
// The cdk8s validation plugin of this project, for `validations:` in cdk8s.yaml
// (package: ./bin/cdk8s-plugin.js, class: StatefulValidation). Loaded by
// `cdk8s synth` from the project itself: nothing is installed or downloaded.
const { loadCli } = require('./load-cli');

module.exports = loadCli('plugin');

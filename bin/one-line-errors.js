'use strict';
// Preloaded into a cdk8s app (cdk8s.yaml: app: node --require
// cdk8s-stateful/one-line-errors main.js): a user mistake the app does not
// catch prints one line, `error: <message>`, instead of a stack trace into
// the package, deletes the manifests of the output folder and exits 1.
// Other errors keep their stack trace. See cli/synth.ts.
require('./load-cli').loadCli('synth').installOneLineErrors();

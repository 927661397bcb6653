#!/usr/bin/env node
// Regenerates imports/k8s.ts with cdk8s-cli's own importer, offline.
//
// `cdk8s import k8s@1.27.0` downloads the Kubernetes schema from GitHub. This
// script runs the very same CLI command, but answers that one download from
// the copy committed in schema/kubernetes/v1.27.0/_definitions.json, so the
// generated classes are byte-for-byte what the online import produces.
'use strict';
const path = require('path');

const K8S_VERSION = '1.27.0';
const root = path.resolve(__dirname, '..');
const schemaFile = path.join(root, 'schema', 'kubernetes', `v${K8S_VERSION}`, '_definitions.json');
const cliRoot = path.dirname(require.resolve('cdk8s-cli/package.json'));
// cdk8s-cli's package "exports" hides lib/; an absolute path reaches the same module instance the CLI uses.
const util = require(path.join(cliRoot, 'lib', 'util.js'));

const expectedUrl = `https://raw.githubusercontent.com/cdk8s-team/cdk8s/master/kubernetes-schemas/v${K8S_VERSION}/_definitions.json`;
const realDownload = util.download;
util.download = async (url) => {
  if (url === expectedUrl) {
    return realDownload(schemaFile);
  }
  throw new Error(`offline import: refusing to download ${url}; only k8s@${K8S_VERSION} is served from ${schemaFile}`);
};

process.chdir(root);
process.argv = [process.argv[0], 'cdk8s', 'import', `k8s@${K8S_VERSION}`, '--language', 'typescript', '--output', 'imports', '--no-save', '--check-upgrade=false'];
require(path.join(cliRoot, 'lib', 'cli', 'index.js'));

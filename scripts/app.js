#!/usr/bin/env node
// The app command of cdk8s.yaml (`app: node scripts/app.js`): runs main.ts as
// compiled by the one build (scripts/build.js) into build/main.js, after
// bin/build-state.js has built again if a source changed since the last
// build, so that `cdk8s synth` never synthesizes stale code.
'use strict';
const path = require('path');
const { ensureBuilt, enableCompileCache } = require('../bin/build-state');

enableCompileCache();
require(path.join(ensureBuilt(), 'main.js'));

/**
 * The package tests: they build the library with jsii (once, in globalSetup),
 * pack it and install the tarball into a temporary cdk8s app. Slower than the
 * unit tests, so they run with `npm run test:package`, not `npm test`.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/package'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  globalSetup: '<rootDir>/test/package/global-setup.js',
  testTimeout: 300000,
};

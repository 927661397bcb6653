/**
 * The package tests: they build the library with jsii (once, in globalSetup),
 * pack it and install the tarball into a temporary cdk8s app. `npm test` runs
 * them after the unit tests; `npm run test:package` runs them alone.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/package'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  globalSetup: '<rootDir>/test/package/global-setup.js',
  testTimeout: 300000,
};

/** Type checking is `npm run typecheck` (tsc); jest transpiles only, for speed. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // test/package needs the jsii build: `npm run test:package` (jest.package.config.js)
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/package/'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  testTimeout: 60000,
  // examples/ import the library by its package name, as a user would
  moduleNameMapper: { '^cdk8s-stateful$': '<rootDir>/lib/index.ts' },
};

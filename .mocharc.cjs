// Test files: all of them, or those `npm test -- test/server/ledger` (files or folders) names, via LAUREL_TEST_SPEC.
const only = process.env.LAUREL_TEST_SPEC;

module.exports = {
  spec: only ? only.split(',') : ['build/test/server/**/*.test.js', 'build/test/e2e/**/*.test.js'],
  require: ['build/test/support/hooks.js'],
  reporter: 'scripts/mocha-reporter.cjs',
  timeout: 20000,
  exit: true,
};

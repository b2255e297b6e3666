// Mutation testing of the model and the engine (`npm run mutate`, not part of CI: it takes a long
// while on two cores). `-m src/sim/Engine.ts` narrows it to a file.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  mutate: ["src/sim/**/*.ts", "src/models/**/*.ts", "!src/sim/RunWorker.ts"],
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutate.config.ts" },
  coverageAnalysis: "perTest",
  concurrency: 2,
  reporters: ["clear-text", "progress", "html"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  tempDirName: ".stryker-tmp",
  timeoutMS: 60_000,
  // The in-process suite takes minutes on two cores; the default 5-minute limit on the first run is too short.
  dryRunTimeoutMinutes: 30
}

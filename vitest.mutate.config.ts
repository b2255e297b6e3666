// The test suite for mutation testing (`npm run mutate`): the in-process tests only. The CLI tests
// run the command in child processes, which a mutant's coverage cannot follow; the queueing-theory
// checks simulate millions of requests, minutes per mutant under instrumentation.
import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/cli/**", "test/report/browser.test.ts", "test/sim/QueueingTheory.test.ts"],
    setupFiles: ["test/setup/fastCheck.ts"],
    testTimeout: 120_000
  }
})

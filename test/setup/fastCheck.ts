// Property tests' seeds. Locally each run draws fresh seeds, so repeated runs keep exploring; in CI
// (CI set) every property runs from one fixed seed, so a CI verdict is reproducible and does not
// depend on the draw. FC_SEED picks the seed (to replay a failure, or explore in CI) and
// FC_NUM_RUNS the runs per property where a test does not set its own (explore: FC_NUM_RUNS=1000).
import fc from "fast-check"

const integer = (name: string): number | undefined => {
  const text = process.env[name]
  if (text === undefined || text === "") return undefined
  const n = Number(text)
  if (!Number.isSafeInteger(n)) throw new Error(`${name}: expected an integer, got "${text}"`)
  return n
}

const seed = integer("FC_SEED") ?? (process.env.CI ? 20261129 : undefined)
const numRuns = integer("FC_NUM_RUNS")
fc.configureGlobal({ ...(seed === undefined ? {} : { seed }), ...(numRuns === undefined ? {} : { numRuns }) })

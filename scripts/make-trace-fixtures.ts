/**
 * Writes small trace files in the exact published column layouts of the Azure Functions public
 * traces (the real files are not downloadable here), for tests and the trace-replay scenario:
 *   test/fixtures/traces/azure2019-invocations.csv   invocations_per_function_md.anon.dNN.csv layout
 *   test/fixtures/traces/azure2019-durations.csv     function_durations_percentiles.anon.dNN.csv layout
 *   test/fixtures/traces/azure2021.csv               AzureFunctionsInvocationTrace2021 layout
 *   test/fixtures/traces/*-malformed.csv             the same with one broken row each
 *   scenarios/data/azure2019-sample.csv (+ -durations.csv)  a day of three functions with a morning ramp
 * Deterministic: run `npx tsx scripts/make-trace-fixtures.ts` to regenerate identical files.
 */
import { mkdirSync, writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"

const root = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url))
let state = 12345
const random = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296

const minutes = Array.from({ length: 1440 }, (_, i) => String(i + 1))
const invocationHeader = ["HashOwner", "HashApp", "HashFunction", "Trigger", ...minutes].join(",")
const durationHeader =
  "HashOwner,HashApp,HashFunction,Average,Count,Minimum,Maximum,percentile_Average_0,percentile_Average_1,percentile_Average_25,percentile_Average_50,percentile_Average_75,percentile_Average_99,percentile_Average_100"

const invocationRow = (owner: string, app: string, fn: string, trigger: string, count: (minute: number) => number) =>
  [owner, app, fn, trigger, ...Array.from({ length: 1440 }, (_, m) => String(count(m)))].join(",")

const durationRow = (owner: string, app: string, fn: string, msPercentiles: ReadonlyArray<number>, count: number) =>
  [owner, app, fn, (msPercentiles[3]! * 1.1).toFixed(0), count, msPercentiles[0], msPercentiles[6], ...msPercentiles].join(",")

mkdirSync(root("test/fixtures/traces"), { recursive: true })
mkdirSync(root("scenarios/data"), { recursive: true })

// Test fixture, 2019: three functions with known counts; f-busy is the busiest.
const fixture2019 = [
  invocationHeader,
  invocationRow("o1", "app-a", "f-busy", "http", (m) => (m < 10 ? 6 : m % 60 === 0 ? 3 : 0)),
  invocationRow("o1", "app-a", "f-rare", "timer", (m) => (m === 5 ? 1 : 0)),
  invocationRow("o2", "app-b", "f-mid", "queue", (m) => (m < 10 ? 2 : 0))
]
writeFileSync(root("test/fixtures/traces/azure2019-invocations.csv"), `${fixture2019.join("\n")}\n`)
writeFileSync(
  root("test/fixtures/traces/azure2019-durations.csv"),
  `${[durationHeader, durationRow("o1", "app-a", "f-busy", [100, 120, 400, 500, 700, 1500, 2000], 90), durationRow("o2", "app-b", "f-mid", [1000, 1000, 1000, 1000, 1000, 1000, 1000], 20)].join("\n")}\n`
)
const broken2019 = [...fixture2019]
broken2019[2] = broken2019[2]!.replace(/^((?:[^,]*,){6})[^,]*/, "$1-3")
writeFileSync(root("test/fixtures/traces/azure2019-malformed.csv"), `${broken2019.join("\n")}\n`)

// Test fixture, 2021: end_timestamp order differs from arrival order (arrival = end − duration).
const fixture2021 = ["app,func,end_timestamp,duration", "a1,f1,10.5,0.5", "a1,f2,11.0,3.0", "a2,f1,12.25,0.25", "a1,f1,20.0,1.0"]
writeFileSync(root("test/fixtures/traces/azure2021.csv"), `${fixture2021.join("\n")}\n`)
writeFileSync(root("test/fixtures/traces/azure2021-malformed.csv"), `${[...fixture2021.slice(0, 3), "a2,f1,12.25,abc", ...fixture2021.slice(4)].join("\n")}\n`)

// Scenario sample: a day of an inference app: a morning ramp to a lunch peak and an evening tail.
const profile = (m: number) => {
  const hour = m / 60
  const day = Math.exp(-((hour - 12.5) ** 2) / 8) + 0.4 * Math.exp(-((hour - 18) ** 2) / 4) + 0.05
  return day
}
const poisson = (mean: number) => {
  let n = 0
  for (let p = Math.exp(-mean), s = p, u = random(); u > s; n++) {
    p *= mean / (n + 1)
    s += p
  }
  return n
}
const sample = [
  invocationHeader,
  invocationRow("owner", "img-app", "generate", "http", (m) => poisson(40 * profile(m))),
  invocationRow("owner", "img-app", "upscale", "queue", (m) => poisson(8 * profile(m))),
  invocationRow("owner", "other-app", "cron", "timer", (m) => (m % 30 === 0 ? 1 : 0))
]
writeFileSync(root("scenarios/data/azure2019-sample.csv"), `${sample.join("\n")}\n`)
writeFileSync(
  root("scenarios/data/azure2019-sample-durations.csv"),
  `${[durationHeader, durationRow("owner", "img-app", "generate", [600, 800, 1400, 1900, 2600, 6000, 9000], 30000), durationRow("owner", "img-app", "upscale", [2000, 2500, 4000, 5000, 6500, 12000, 20000], 6000)].join("\n")}\n`
)
console.log("wrote test/fixtures/traces/* and scenarios/data/*")

/**
 * Benchmarks (not tests): simulated requests/s, events/s and peak RSS for the reference runs of
 * the simulator issue, a 10⁸-request run for memory, a 200-run sweep on 1 vs 2 worker threads, a
 * trace replay, calibrating a day of job records, the explore page (its build, and in headless
 * Chromium when there is one: the first run and re-simulating after each knob change), the
 * command's start-up, and the engine against two yardsticks: SimFaaS on its own AWS Lambda scenario
 * (when Python can import `simfaas`; `SIMFAAS_PYTHONPATH` adds a checkout to its path) and a bare
 * typed-array M/M/c loop (bench/bare-mmc.mjs), both as whole processes.
 * Usage: `npm run bench [-- --scale 0.1] [--only a,j,k]`
 * (scale shortens every run; only picks figures by letter). Peak RSS is the process's maximum resident set (it includes Node,
 * tsx and the loaded modules, about 150 MB before the first run).
 */
import { Effect } from "effect"
import * as os from "node:os"
import { performance } from "node:perf_hooks"
import { RunPodModels } from "../src/models/Models.ts"
import { RunPool, runOnPool } from "../src/sim/RunPool.ts"
import { loadScenario, simulate } from "../src/sim/simulate.ts"

const scaleArg = process.argv.indexOf("--scale")
const scale = scaleArg > 0 ? Number(process.argv[scaleArg + 1]) : 1
const onlyArg = process.argv.indexOf("--only")
/** The figures to print (`--only a,j,k`); all by default. */
const wanted = (id: string) => onlyArg < 0 || (process.argv[onlyArg + 1] ?? "").split(",").includes(id)

interface Case {
  readonly title: string
  readonly scenario: Record<string, unknown>
}

const image = "bench"
const cases: ReadonlyArray<Case> = [
  {
    title: "(a) fixed pool M/M/c, c = 10, ρ = 0.8, 10⁷ requests",
    scenario: {
      name: "mmc",
      durationSeconds: (1e7 / 8) * scale,
      endpoint: { name: "mmc", image, gpu: { pools: ["ADA_24"] }, workers: { min: 10, max: 10 } },
      workload: { arrivals: { type: "poisson", ratePerSecond: 8 }, executionSeconds: { type: "exponential", mean: 1 } }
    }
  },
  {
    title: "(b) scale-to-zero, REQUEST_COUNT 1, idle 600 s, 0.9 req/s over 10⁷ s",
    scenario: {
      name: "scale-to-zero",
      durationSeconds: 1e7 * scale,
      endpoint: { name: "s2z", image, gpu: { pools: ["ADA_24"] }, workers: { min: 0, max: 5 }, scaling: { type: "REQUEST_COUNT", value: 1, idleTimeout: 600 } },
      workload: { arrivals: { type: "poisson", ratePerSecond: 0.9 }, executionSeconds: { type: "exponential", mean: 1 } }
    }
  },
  {
    title: "(c) large endpoint, workers.max 1000, 200 req/s × 2 s, QUEUE_DELAY 1, idle 5 s",
    scenario: {
      name: "large",
      durationSeconds: 20000 * scale,
      endpoint: {
        name: "large",
        image,
        gpu: { pools: ["ADA_24", "AMPERE_24"] },
        workers: { min: 0, max: 1000 },
        scaling: { type: "QUEUE_DELAY", value: 1, idleTimeout: 5 }
      },
      workload: { arrivals: { type: "poisson", ratePerSecond: 200 }, executionSeconds: { type: "lognormal", median: 2, p95: 6 } },
      platform: { coldStartSeconds: { type: "lognormal", median: 10, p95: 30 }, pools: { ADA_24: { capacityGpus: 400 } } }
    }
  },
  {
    title: "(d) memory: M/M/c as (a), 10⁸ requests",
    scenario: {
      name: "mmc-1e8",
      durationSeconds: (1e8 / 8) * scale,
      endpoint: { name: "mmc", image, gpu: { pools: ["ADA_24"] }, workers: { min: 10, max: 10 } },
      workload: { arrivals: { type: "poisson", ratePerSecond: 8 }, executionSeconds: { type: "exponential", mean: 1 } }
    }
  }
]

const maxRssMb = () => (process.resourceUsage().maxRSS / 1024).toFixed(0)
console.log(`node ${process.version}, ${os.cpus().length} cores; peak RSS before the first run: ${maxRssMb()} MB`)

for (const c of cases.filter((c) => wanted(c.title.slice(1, 2)))) {
  const t0 = performance.now()
  const r = await Effect.runPromise(simulate(c.scenario).pipe(Effect.provide(RunPodModels)))
  const seconds = (performance.now() - t0) / 1000
  const requests = r.requests.arrived
  console.log(c.title)
  console.log(
    `  ${requests.toLocaleString("en")} requests in ${seconds.toFixed(2)} s: ${(requests / seconds / 1e6).toFixed(2)} M requests/s, ` +
      `${(r.run.events / seconds / 1e6).toFixed(2)} M events/s, peak workers ${r.workers.peak}, peak RSS so far ${maxRssMb()} MB`
  )
}

// (e) A 200-run sweep on the run pool: 1 worker thread vs 2 (the target: ≥ 1.7× on 2 cores).
if (wanted("e")) {
  const loaded = await Effect.runPromise(
    loadScenario({
      name: "sweep-bench",
      durationSeconds: 100_000 * scale,
      endpoint: { name: "s", image, gpu: { pools: ["ADA_24"] }, workers: { min: 0, max: 8 }, scaling: { type: "QUEUE_DELAY", value: 2, idleTimeout: 30 } },
      workload: { arrivals: { type: "poisson", ratePerSecond: 3 }, executionSeconds: { type: "lognormal", median: 1, p95: 3 } }
    }).pipe(Effect.provide(RunPodModels))
  )
  const tasks = Array.from({ length: 200 }, (_, i) => ({ scenario: loaded.scenario, seed: i + 1 }))
  const timed = async (workers: number) => {
    const t0 = performance.now()
    const out = await Effect.runPromise(runOnPool(new RunPool(workers), tasks).pipe(Effect.provide(RunPodModels)))
    return { seconds: (performance.now() - t0) / 1000, metrics: JSON.stringify(out.metrics) }
  }
  const one = await timed(1)
  const two = await timed(2)
  console.log("(e) 200-run sweep, ~300,000 requests per run, on worker threads")
  console.log(
    `  1 worker ${one.seconds.toFixed(2)} s, 2 workers ${two.seconds.toFixed(2)} s: speed-up ${(one.seconds / two.seconds).toFixed(2)}×; results identical: ${one.metrics === two.metrics}`
  )
}

// (f) Trace replay in bounded memory: a generated 10⁷-line CSV trace (×scale), read as a stream.
if (wanted("f")) {
  const { mkdtempSync, openSync, writeSync, closeSync, rmSync } = await import("node:fs")
  const { tmpdir } = await import("node:os")
  const { join } = await import("node:path")
  const dir = mkdtempSync(join(tmpdir(), "scalecast-bench-"))
  const path = join(dir, "trace.csv")
  const lines = Math.round(1e7 * scale)
  const fd = openSync(path, "w")
  writeSync(fd, "timestamp,executionSeconds\n")
  let t = 0
  let chunk = ""
  for (let i = 0; i < lines; i++) {
    t += 0.125
    chunk += `${t.toFixed(3)},${(0.5 + (i % 7) * 0.1).toFixed(1)}\n`
    if (chunk.length > 1 << 20) {
      writeSync(fd, chunk)
      chunk = ""
    }
  }
  writeSync(fd, chunk)
  closeSync(fd)
  const t0 = performance.now()
  const r = await Effect.runPromise(
    simulate({
      name: "trace",
      durationSeconds: t + 1,
      endpoint: { name: "t", image, gpu: { pools: ["ADA_24"] }, workers: { min: 10, max: 10 } },
      workload: { arrivals: { type: "trace", path, format: "csv" }, executionSeconds: 1 }
    }).pipe(Effect.provide(RunPodModels))
  )
  const seconds = (performance.now() - t0) / 1000
  rmSync(dir, { recursive: true })
  console.log(`(f) trace replay, ${lines.toLocaleString("en")}-line CSV (checked once, then replayed as a stream)`)
  console.log(
    `  ${r.requests.arrived.toLocaleString("en")} requests in ${seconds.toFixed(2)} s: ${(r.requests.arrived / seconds / 1e6).toFixed(2)} M requests/s, peak RSS so far ${maxRssMb()} MB`
  )
}

// (g) Calibrate one day of records at 1 request/s (86,400 jobs) on 2 worker threads (the issue's
// target: under a minute on 2 cores), after reading them back from RunPod-style JSONL.
if (wanted("g")) {
  const { mkdtempSync, writeFileSync, rmSync } = await import("node:fs")
  const { tmpdir } = await import("node:os")
  const { join } = await import("node:path")
  const { JobLog } = await import("../src/sim/JobLog.ts")
  const { runScenario } = await import("../src/sim/simulate.ts")
  const { calibrate } = await import("../src/sim/Calibrate.ts")
  const { readJobRecords } = await import("../src/models/records/JobRecords.ts")
  const { jobRecordsJsonl } = await import("../src/report/JobRecordsJsonl.ts")
  const day = {
    name: "calibrate-bench",
    seed: 3,
    durationSeconds: 86_400 * scale,
    endpoint: {
      name: "c",
      image,
      gpu: { pools: ["AMPERE_24"] },
      workers: { min: 0, max: 10 },
      scaling: { type: "QUEUE_DELAY", value: 4, idleTimeout: 5 },
      flashboot: "FLASHBOOT"
    },
    workload: { arrivals: { type: "diurnal", meanRatePerSecond: 1, amplitude: 0.8 }, executionSeconds: { type: "lognormal", median: 2, p95: 6 } }
  }
  const made = await Effect.runPromise(
    Effect.gen(function* () {
      const truth = yield* loadScenario({
        ...day,
        platform: {
          coldStartSeconds: { type: "lognormal", median: 40, p95: 90 },
          flashboot: { startSeconds: { type: "lognormal", median: 1.4, p95: 2.3 }, hosts: 3 }
        }
      })
      const log = new JobLog()
      yield* runScenario(truth.scenario, { jobLog: log })
      return { records: log.toRecords(Date.UTC(2026, 0, 1)), given: (yield* loadScenario(day)).scenario }
    }).pipe(Effect.provide(RunPodModels))
  )
  const dir = mkdtempSync(join(tmpdir(), "scalecast-bench-"))
  const path = join(dir, "jobs.jsonl")
  writeFileSync(path, jobRecordsJsonl(made.records))
  const t0 = performance.now()
  const jobs = readJobRecords(path)
  const readSeconds = (performance.now() - t0) / 1000
  rmSync(dir, { recursive: true })
  const pool = new RunPool(2, { keepThreads: true })
  const t1 = performance.now()
  const c = await Effect.runPromise(
    calibrate(made.given, jobs, (tasks) => runOnPool(pool, tasks), { replications: 2, bootstrap: 200, holdout: 0.25, maxRounds: 14 }).pipe(
      Effect.provide(RunPodModels)
    )
  )
  const seconds = (performance.now() - t1) / 1000
  pool.close()
  console.log(`(g) calibrate ${jobs.count.toLocaleString("en")} job records (a day at 1 request/s), 2 worker threads, holdout 25 %`)
  console.log(
    `  read in ${readSeconds.toFixed(2)} s (${(jobs.count / readSeconds / 1e3).toFixed(0)} k records/s); calibrated in ${seconds.toFixed(1)} s: ${c.search.evaluations} candidates × 2 seeds in ${c.search.rounds} rounds; peak RSS so far ${maxRssMb()} MB`
  )
}

// (h) The explore page: writing it (bundling the engine for the browser), then in headless Chromium
// the time from loading to the first report and from a knob change to the redrawn report.
if (wanted("h")) {
  const { existsSync, mkdtempSync, writeFileSync } = await import("node:fs")
  const { join } = await import("node:path")
  const { tmpdir } = await import("node:os")
  const { exploreHtml } = await import("../src/report/explore/ExploreHtml.ts")
  const { knobValues, scalesTraffic } = await import("../src/report/explore/Knobs.ts")
  const { quickstart } = await import("../scenarios/quickstart.ts")
  const loaded = await Effect.runPromise(loadScenario(quickstart).pipe(Effect.provide(RunPodModels)))
  const t0 = performance.now()
  const html = await exploreHtml({
    name: "quickstart",
    input: quickstart as unknown as Record<string, unknown>,
    durationSeconds: loaded.scenario.durationSeconds,
    initial: knobValues(loaded.scenario),
    scalesTraffic: scalesTraffic(loaded.scenario)
  })
  const buildSeconds = (performance.now() - t0) / 1000
  console.log("(h) explore page of the quickstart (7,200 requests a run)")
  // The command as a user runs it: the prebuilt command reads the scripts bundled at install.
  const { spawnSync } = await import("node:child_process")
  const { fileURLToPath } = await import("node:url")
  const page = join(mkdtempSync(join(tmpdir(), "scalecast-bench-")), "explore.html")
  const commandSeconds = Array.from({ length: 3 }, () => {
    const t = performance.now()
    spawnSync(process.execPath, [
      fileURLToPath(new URL("../bin/scalecast.js", import.meta.url)),
      "explore",
      fileURLToPath(new URL("../examples/scenarios/quickstart.yaml", import.meta.url)),
      "--html",
      page
    ])
    return (performance.now() - t) / 1000
  }).sort((a, b) => a - b)[1]!
  console.log(
    `  written in ${buildSeconds.toFixed(2)} s from the sources (bundling), ${(html.length / 1024).toFixed(0)} KiB; \`scalecast explore\` ${commandSeconds.toFixed(2)} s as a whole process (median of 3)`
  )
  const chromiumPath = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p))
  if (chromiumPath === undefined) console.log("  (no Chromium here: browser timings skipped)")
  else {
    const { chromium } = await import("playwright-core")
    const file = join(mkdtempSync(join(tmpdir(), "scalecast-bench-")), "explore.html")
    writeFileSync(file, html)
    const browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox", "--disable-gpu"] })
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
    type Api = { scalecast?: { idle(): boolean; values(): Record<string, unknown>; elapsedMs(): number } }
    const t1 = performance.now()
    await page.goto(`file://${file}`)
    await page.waitForFunction(() => (window as unknown as Api).scalecast?.elapsedMs() !== undefined)
    const firstMs = performance.now() - t1
    const roundTrips: Array<number> = []
    const simulated: Array<number> = []
    for (const value of [1, 2, 3, 5, 8, 13, 21, 34, 55, 4]) {
      const t2 = performance.now()
      await page.fill('[name="scaling.value"]', String(value))
      await page.waitForFunction((v) => {
        const api = (window as unknown as Api).scalecast!
        return api.idle() && api.values()["scaling.value"] === v
      }, value)
      roundTrips.push(performance.now() - t2)
      simulated.push(await page.evaluate(() => (window as unknown as Api).scalecast!.elapsedMs()))
    }
    await browser.close()
    const median = (xs: Array<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
    console.log(
      `  Chromium: first report ${firstMs.toFixed(0)} ms after loading; a knob change redrawn in ${median(roundTrips).toFixed(0)} ms (median of 10, max ${Math.max(...roundTrips).toFixed(0)}), of which the worker's run ${median(simulated).toFixed(0)} ms`
    )
  }
}

// (i) Start-up: the command from a shell, before doing anything much (median of 5 runs; peak RSS of
// the process), against bare node. dist/ (npm install builds it) is what users run.
if (wanted("i")) {
  const { spawnSync } = await import("node:child_process")
  const { existsSync, mkdtempSync, writeFileSync } = await import("node:fs")
  const { join } = await import("node:path")
  const { tmpdir } = await import("node:os")
  const { fileURLToPath } = await import("node:url")
  const built = existsSync(fileURLToPath(new URL("../dist/main.mjs", import.meta.url)))
  const hook = join(mkdtempSync(join(tmpdir(), "scalecast-bench-")), "rss.cjs")
  // The process's own peak (VmHWM): maxRSS would also count the parent this child was forked from.
  writeFileSync(
    hook,
    'process.on("exit", () => { let kb = process.resourceUsage().maxRSS; try { kb = Number(/VmHWM:\\s+(\\d+)/.exec(require("fs").readFileSync("/proc/self/status", "utf8"))[1]) } catch {} process.stderr.write("maxrss " + kb + "\\n") })'
  )
  const bin = fileURLToPath(new URL("../bin/scalecast.js", import.meta.url))
  const config = fileURLToPath(new URL("../examples/endpoints/sdxl-v2.json", import.meta.url))
  const measure = (args: ReadonlyArray<string>) => {
    const runs = Array.from({ length: 5 }, () => {
      const t0 = performance.now()
      const r = spawnSync(process.execPath, ["--require", hook, ...args], { encoding: "utf8" })
      return { ms: performance.now() - t0, rssMb: Number(/maxrss (\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024 }
    }).sort((a, b) => a.ms - b.ms)
    return `${runs[2]!.ms.toFixed(0)} ms, ${Math.max(...runs.map((r) => r.rssMb)).toFixed(0)} MB`
  }
  console.log(`(i) start-up (median of 5 runs, peak RSS)${built ? "" : " — dist/ missing (npm run build): these are the TypeScript sources' figures"}`)
  console.log(
    `  bare node ${measure(["-e", "0"])}; scalecast --version ${measure([bin, "--version"])}; validate ${measure([bin, "validate", config])}; check --help ${measure([bin, "check", "--help"])}`
  )
}

// (j), (k) The engine against two yardsticks, each side in fresh processes (median of 3 runs).
if (wanted("j") || wanted("k")) {
  const { spawnSync } = await import("node:child_process")
  const { mkdtempSync, writeFileSync, rmSync } = await import("node:fs")
  const { join } = await import("node:path")
  const { tmpdir } = await import("node:os")
  const { fileURLToPath } = await import("node:url")
  const here = (p: string) => fileURLToPath(new URL(p, import.meta.url))
  const dir = mkdtempSync(join(tmpdir(), "scalecast-bench-"))
  const median = (xs: ReadonlyArray<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  const runs = (command: string, args: ReadonlyArray<string>, env?: NodeJS.ProcessEnv) =>
    Array.from({ length: 3 }, () => {
      const t0 = performance.now()
      const r = spawnSync(command, args, { encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 1 << 26 })
      if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${r.stderr}`)
      return { wallSeconds: (performance.now() - t0) / 1000, stdout: r.stdout }
    })

  // (j) SimFaaS's own AWS Lambda example (its README): Poisson arrivals at 0.9 requests/s, warm
  // service time exponential with mean 1.991 s, cold 2.244 s, an instance per concurrent request
  // (scale per request), instances expire 600 s after their last request. In scalecast: REQUEST_COUNT
  // 1 evaluated at every event (scalerIntervalSeconds 0), the newest instance first, FlashBoot off,
  // a constant cold start of the difference (0.253 s). Both sides are timed inside their process.
  if (wanted("j")) {
    const lambdaSeconds = 1e7 * scale
    const lambda = join(dir, "lambda.json")
    writeFileSync(
      lambda,
      JSON.stringify({
        name: "simfaas-aws-lambda",
        durationSeconds: lambdaSeconds,
        endpoint: {
          name: "lambda",
          image,
          gpu: { pools: ["ADA_24"] },
          workers: { min: 0, max: 1000 },
          flashboot: "OFF",
          scaling: { type: "REQUEST_COUNT", value: 1, idleTimeout: 600 }
        },
        workload: { arrivals: { type: "poisson", ratePerSecond: 0.9 }, executionSeconds: { type: "exponential", mean: 1.991 } },
        platform: { scalerIntervalSeconds: 0, dispatch: "newest", coldStartSeconds: 0.253 }
      })
    )
    const timed = (file: string) =>
      runs(process.execPath, ["--import", "tsx", here("./engine-time.ts"), file]).map((r) => JSON.parse(r.stdout) as { seconds: number; requests: number })
    const ours = timed(lambda)
    const oursRate = median(ours.map((r) => r.requests / r.seconds))
    console.log(`(j) SimFaaS's AWS Lambda scenario (0.9 req/s, scale per request, 600 s expiry), ${ours[0]!.requests.toLocaleString("en")} requests`)
    const simfaasScript = [
      "import time, sys",
      "from simfaas.ServerlessSimulator import ServerlessSimulator as Sim",
      "sim = Sim(arrival_rate=0.9, warm_service_rate=1/1.991, cold_service_rate=1/2.244, expiration_threshold=600, max_time=float(sys.argv[1]))",
      "t0 = time.perf_counter()",
      "sim.generate_trace(debug_print=False, progress=False)",
      "print(sim.total_req_count, time.perf_counter() - t0)"
    ].join("\n")
    const pythonPath = [process.env.SIMFAAS_PYTHONPATH, process.env.PYTHONPATH].filter((p) => p !== undefined && p !== "").join(":")
    const probe = spawnSync("python3", ["-c", "import simfaas"], { env: { ...process.env, PYTHONPATH: pythonPath } })
    const line = `  scalecast ${(oursRate / 1e6).toFixed(2)} M requests/s (median of 3 processes, ${median(ours.map((r) => r.seconds)).toFixed(2)} s a run)`
    if (probe.status === 0) {
      // SimFaaS runs 10⁶ simulated seconds (its README's example): its rate does not depend on the length.
      const theirs = runs("python3", ["-c", simfaasScript, String(1e6 * Math.min(1, scale))], { PYTHONPATH: pythonPath }).map((r) => {
        const [requests, seconds] = r.stdout.trim().split(/\s+/).map(Number)
        return requests! / seconds!
      })
      const theirRate = median(theirs)
      console.log(`${line}; SimFaaS ${(theirRate / 1e3).toFixed(1)} k requests/s: ${(oursRate / theirRate).toFixed(1)}×`)
    } else console.log(`${line}; SimFaaS not found (pip install simfaas, or SIMFAAS_PYTHONPATH=<checkout>): no ratio`)
  }

  // (k) M/M/10 at ρ = 0.8 as (a), 10⁷ requests: `scalecast simulate --json` against the bare loop,
  // whole processes (start-up included), as a user would time them.
  if (wanted("k")) {
    const requests = Math.round(1e7 * scale)
    const mmc = join(dir, "mmc.json")
    writeFileSync(
      mmc,
      JSON.stringify({
        name: "mmc",
        durationSeconds: requests / 8,
        endpoint: { name: "mmc", image, gpu: { pools: ["ADA_24"] }, workers: { min: 10, max: 10 } },
        workload: { arrivals: { type: "poisson", ratePerSecond: 8 }, executionSeconds: { type: "exponential", mean: 1 } }
      })
    )
    const cli = median(runs(process.execPath, [here("../bin/scalecast.js"), "simulate", mmc, "--json"]).map((r) => r.wallSeconds))
    const bare = median(runs(process.execPath, [here("./bare-mmc.mjs"), String(requests)]).map((r) => r.wallSeconds))
    console.log(`(k) M/M/10, ρ = 0.8, ${requests.toLocaleString("en")} requests, whole processes (median of 3)`)
    console.log(
      `  scalecast simulate --json ${cli.toFixed(2)} s, bare typed-array loop ${bare.toFixed(2)} s: scalecast at ${(bare / cli).toFixed(2)}× the bare loop's speed`
    )
  }
  rmSync(dir, { recursive: true })
}

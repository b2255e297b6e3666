/** `scalecast watch` against a local server that answers like RunPod's /health, and misbehaves on request. */
import { Console, Effect, Exit, Fiber } from "effect"
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync } from "node:fs"
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { join } from "node:path"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { Files } from "../../src/cli/Files.ts"
import { endingOf } from "../../src/cli/Outcome.ts"
import { watchWith, type WatchOptions } from "../../src/cli/watch.ts"
import { hasStackTrace, scratchFolder } from "./cli.ts"

const key = "rp-test-key-0123456789"
const health = {
  jobs: { completed: 1, failed: 0, inProgress: 0, inQueue: 2, retried: 0 },
  workers: { idle: 0, initializing: 1, ready: 0, running: 1, throttled: 0, unhealthy: 0 }
}

/** How the server answers one request: a status and body, no answer at all, or a closed connection. */
type Answer = { readonly status: number; readonly body?: string; readonly headers?: Record<string, string>; readonly delayMs?: number } | "hang" | "close"

const healthy: Answer = { status: 200, body: JSON.stringify(health) }

/** The fake RunPod: answers `queue` in order, then `then`; 401 unless the key is right; counts requests and aborted answers. */
const runpod = {
  server: undefined as Server | undefined,
  url: "",
  queue: [] as Array<Answer>,
  then: healthy as Answer,
  requests: [] as Array<{ readonly url: string; readonly authorization: string | undefined }>,
  aborted: 0
}

const answer = (req: IncomingMessage, res: ServerResponse) => {
  runpod.requests.push({ url: req.url ?? "", authorization: req.headers.authorization })
  res.on("close", () => {
    if (!res.writableFinished) runpod.aborted++
  })
  const a: Answer = req.headers.authorization === `Bearer ${key}` ? (runpod.queue.shift() ?? runpod.then) : { status: 401, body: '{"error":"Unauthorized"}' }
  if (a === "hang") return
  if (a === "close") return void req.socket.destroy()
  const send = () => {
    if (!res.destroyed) res.writeHead(a.status, { "content-type": "application/json", ...a.headers }).end(a.body ?? "")
  }
  if (a.delayMs === undefined) send()
  else setTimeout(send, a.delayMs)
}

beforeAll(async () => {
  runpod.server = createServer(answer)
  await new Promise<void>((resolve) => runpod.server!.listen(0, "127.0.0.1", resolve))
  runpod.url = `http://127.0.0.1:${(runpod.server.address() as AddressInfo).port}/v2`
})

afterAll(async () => {
  runpod.server?.closeAllConnections()
  await new Promise((resolve) => runpod.server?.close(resolve))
})

beforeEach(() => {
  runpod.queue = []
  runpod.then = healthy
  runpod.requests = []
  runpod.aborted = 0
  process.env.RUNPOD_API_KEY = key
})

const scratch = scratchFolder("scalecast-watch-")
let files = 0
const newFile = () => join(scratch.dir, `polls-${++files}.jsonl`)

/** Polls up to 100 times a second, backs off from 1 ms: fast tests. */
const fast: WatchOptions = { minEverySeconds: 0.01, backoffSeconds: 0.001 }

/** The command as an Effect with a collecting console, as `scalecast watch …argv` runs it. */
const command = (argv: ReadonlyArray<string>, options: WatchOptions, messages: Array<string>, stdout: Array<string>) => {
  const console_ = Object.assign(Object.create(console) as Console, {
    log: (...a: ReadonlyArray<unknown>) => void stdout.push(a.join(" ")),
    error: (...a: ReadonlyArray<unknown>) => void messages.push(a.join(" "))
  })
  return watchWith(argv, options).pipe(Effect.provide(Files.layer), Effect.provideService(Console.Console, console_))
}

/** Runs `scalecast watch …argv` in process: its exit code, closing message, stdout and stderr lines. */
const watch = async (argv: ReadonlyArray<string>, options: WatchOptions = fast) => {
  const messages: Array<string> = []
  const stdout: Array<string> = []
  const exit = await Effect.runPromiseExit(command(argv, options, messages, stdout))
  return { ...endingOf(exit), stdout: stdout.join("\n"), messages }
}

/** Arguments for endpoint ep-abc_123 on the fake RunPod, polled every 50 ms (polls time out after as long) unless `more` says otherwise. */
const watchArgs = (file: string, ...more: ReadonlyArray<string>) => [
  "ep-abc_123",
  ...(more.includes("--every") ? [] : ["--every", "0.05"]),
  "--out",
  file,
  "--api-url",
  runpod.url,
  ...more
]

/** The file's lines, each checked to be whole JSON. */
const lines = (file: string): Array<Record<string, unknown>> => {
  const text = readFileSync(file, "utf8")
  if (text === "") return []
  expect(text.endsWith("\n")).toBe(true)
  return text
    .slice(0, -1)
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>)
}

/** True while this process holds `file` open (Linux: /proc/self/fd). */
const isOpen = (file: string): boolean =>
  readdirSync("/proc/self/fd").some((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === file
    } catch {
      return false
    }
  })

const until = async (condition: () => boolean): Promise<void> => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5))
}

describe("scalecast watch", () => {
  it("appends one line per poll with the time sent and /health's counts; --count stops it", async () => {
    const file = newFile()
    const r = await watch(watchArgs(file, "--count", "3", "--every", "0.2"))
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toBe("")
    expect(r.messages).toEqual([`watching ep-abc_123 every 0.2 s, appending to ${file}; Ctrl-C stops`, `recorded 3 polls to ${file}`])
    expect(runpod.requests).toEqual(Array.from({ length: 3 }, () => ({ url: "/v2/ep-abc_123/health", authorization: `Bearer ${key}` })))
    const polls = lines(file)
    expect(polls).toHaveLength(3)
    for (const poll of polls) {
      expect(Object.keys(poll)).toEqual(["at", "jobs", "workers"])
      expect(poll.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
      expect({ jobs: poll.jobs, workers: poll.workers }).toEqual(health)
    }
    const times = polls.map((p) => Date.parse(p.at as string))
    expect(times[1]! > times[0]! && times[2]! > times[1]!).toBe(true)
    expect(isOpen(file)).toBe(false)
  })

  it("appends to an existing recording, keeping its lines, and completes a last line that was cut short", async () => {
    const kept = JSON.stringify({ at: "2026-01-01T00:00:00.000Z", ...health })
    const file = scratch.file("existing.jsonl", `${kept}\n`)
    expect((await watch(watchArgs(file, "--count", "2"))).exitCode).toBe(0)
    expect(readFileSync(file, "utf8").startsWith(`${kept}\n`)).toBe(true)
    expect(lines(file)).toHaveLength(3)
    const cut = scratch.file("cut.jsonl", `${kept}\n{"at":"2026-01-01T00:00:05`)
    expect((await watch(watchArgs(cut, "--count", "1"))).exitCode).toBe(0)
    const text = readFileSync(cut, "utf8").split("\n")
    expect(text).toHaveLength(4)
    expect(text[1]).toBe('{"at":"2026-01-01T00:00:05')
    expect(JSON.parse(text[2]!)).toMatchObject(health)
  })

  it("retries failed polls, says why on stderr, and writes no line for them", async () => {
    runpod.queue = [
      { status: 500, body: "oops" },
      { status: 429, headers: { "retry-after": "0" } },
      { status: 200, body: "<html>busy</html>" },
      { status: 200, body: JSON.stringify({ ...health, jobs: { ...health.jobs, inQueue: -1 } }) },
      { status: 200, body: JSON.stringify({ jobs: health.jobs }) },
      healthy,
      { status: 200, body: JSON.stringify({ ...health, workers: { ...health.workers, running: 1.5 } }) },
      { status: 200, body: "x".repeat(100_000) },
      "close",
      { status: 200, body: JSON.stringify(health), delayMs: 1000 }
    ]
    const file = newFile()
    const r = await watch(watchArgs(file, "--count", "2"))
    expect(r.exitCode).toBe(0)
    expect(lines(file)).toHaveLength(2)
    for (const reason of [
      /RunPod answered HTTP 500; retrying in [\d.]+ s \(1 of 10 failures in a row\)$/,
      /RunPod answered HTTP 429 \(rate limited\); retrying in [\d.]+ s \(2 of 10/,
      /RunPod's answer is not \/health's: not JSON \(17 bytes\)/,
      /RunPod's answer is not \/health's: jobs\.inQueue: expected a non-negative integer, got -1/,
      /RunPod's answer is not \/health's: workers: expected an object of counts, got nothing/,
      /RunPod's answer is not \/health's: workers\.running: expected a non-negative integer, got 1\.5/,
      /RunPod's answer is larger than 64 KB/,
      /cannot reach RunPod: /,
      /no answer within 0\.05 s/
    ])
      expect(r.messages.some((m) => reason.test(m))).toBe(true)
    expect(r.messages.at(-1)).toBe(`recorded 2 polls to ${file}`)
    expect(r.messages.join("\n")).not.toContain("xxxx")
  })

  it("waits at least as long as a Retry-After says", async () => {
    runpod.queue = [{ status: 429, headers: { "retry-after": "1" } }]
    const file = newFile()
    const r = await watch(watchArgs(file, "--count", "1"))
    expect(r.exitCode).toBe(0)
    expect(r.messages).toContain("scalecast watch: RunPod answered HTTP 429 (rate limited); retrying in 1 s (1 of 10 failures in a row)")
    expect(lines(file)).toHaveLength(1)
  })

  it("gives up after 10 failed polls in a row, backing off exponentially, exit 2", async () => {
    runpod.then = { status: 503 }
    const file = newFile()
    const r = await watch(watchArgs(file))
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toBe("scalecast watch: gave up after 10 failed polls in a row; the last: RunPod answered HTTP 503")
    expect(runpod.requests).toHaveLength(10)
    const retries = r.messages.filter((m) => m.includes("retrying in"))
    expect(retries).toHaveLength(9)
    // The backoff (1 ms doubling) outgrows the 50 ms ticks: the ninth retry waits 256 ms.
    expect(retries.at(-1)).toMatch(/retrying in 0\.26 s \(9 of 10 failures in a row\)$/)
    expect(lines(file)).toEqual([])
    expect(isOpen(file)).toBe(false)
  })

  it("a success resets the failures in a row", async () => {
    const failing: Answer = { status: 502 }
    runpod.queue = [...Array<Answer>(6).fill(failing), healthy, ...Array<Answer>(6).fill(failing)]
    const file = newFile()
    const r = await watch(watchArgs(file, "--count", "2"))
    expect(r.exitCode).toBe(0)
    expect(r.messages.filter((m) => m.includes("(6 of 10 failures in a row)"))).toHaveLength(2)
    expect(lines(file)).toHaveLength(2)
  })

  it("stops at once, exit 2, when RunPod refuses the key or knows no such endpoint", async () => {
    process.env.RUNPOD_API_KEY = "rp-wrong-key"
    const file = newFile()
    const refused = await watch(watchArgs(file))
    expect(refused.exitCode).toBe(2)
    expect(refused.stderr).toBe("scalecast watch: RunPod refused the API key (HTTP 401); check RUNPOD_API_KEY and that the key may read endpoint ep-abc_123")
    expect(refused.stderr + refused.messages.join("\n")).not.toContain("rp-wrong-key")
    expect(runpod.requests).toHaveLength(1)

    process.env.RUNPOD_API_KEY = key
    for (const [status, expected] of [
      [403, "scalecast watch: RunPod refused the API key (HTTP 403); check RUNPOD_API_KEY and that the key may read endpoint ep-abc_123"],
      [404, "scalecast watch: no endpoint ep-abc_123 (HTTP 404); check the id in the RunPod console"],
      [400, "scalecast watch: RunPod answered HTTP 400; expected 200 with the endpoint's health"]
    ] as const) {
      runpod.requests = []
      runpod.then = { status }
      const r = await watch(watchArgs(file))
      expect(r.exitCode).toBe(2)
      expect(r.stderr).toBe(expected)
      expect(runpod.requests).toHaveLength(1)
    }
    expect(lines(file)).toEqual([])
    expect(isOpen(file)).toBe(false)
  })

  it("names the polls already recorded when RunPod stops it later", async () => {
    runpod.queue = [healthy, healthy]
    runpod.then = { status: 401 }
    const file = newFile()
    const r = await watch(watchArgs(file))
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toMatch(/\(HTTP 401\); .*; recorded 2 polls to .*polls-\d+\.jsonl$/)
    expect(lines(file)).toHaveLength(2)
  })

  it("refuses a missing, empty or malformed RUNPOD_API_KEY before any request, exit 2", async () => {
    for (const value of [undefined, "", "two words", "key\n"]) {
      if (value === undefined) delete process.env.RUNPOD_API_KEY
      else process.env.RUNPOD_API_KEY = value
      const r = await watch(watchArgs(newFile()))
      expect(r.exitCode).toBe(2)
      expect(r.stderr).toMatch(
        value === undefined || value === "" ? /^scalecast watch: RUNPOD_API_KEY is not set; set it to/ : /RUNPOD_API_KEY contains spaces/
      )
      expect(r.stderr).toContain("usage: scalecast watch <endpoint-id>")
    }
    expect(runpod.requests).toEqual([])
  })

  it("refuses bad arguments with one clear line before any request, exit 2", async () => {
    const file = newFile()
    const base = ["--out", file, "--api-url", runpod.url]
    const cases: ReadonlyArray<readonly [ReadonlyArray<string>, RegExp, WatchOptions?]> = [
      [["ep", "--every", "0.5", ...base], /^scalecast watch: --every: expected a number from 1 to 86,400 \(a day\), got "0\.5"$/m, {}],
      [["ep", "--every", "abc", ...base], /--every: expected a number from 0\.01 to/],
      [["ep", "--every=-1", ...base], /--every: expected a number from 0\.01 to/],
      [["ep", ...base], /^scalecast watch: expected --every SECONDS, how often to poll \(at least 0\.01\)$/m],
      [["a/b", "--every", "1", ...base], /^scalecast watch: <endpoint-id>: expected a RunPod endpoint id \(1 to 64 letters, digits, - and _\), got "a\/b"$/m],
      [["x".repeat(65), "--every", "1", ...base], /<endpoint-id>: expected a RunPod endpoint id/],
      [["", "--every", "1", ...base], /<endpoint-id>: expected a RunPod endpoint id .*got ""$/m],
      [["--every", "1", ...base], /expected <endpoint-id>, got nothing/],
      [["ep", "--every", "1", "--count", "0", ...base], /--count: expected an integer from 1 to/],
      [["ep", "--every", "1", "--count", "2.5", ...base], /--count: expected an integer from 1 to/],
      [["ep", "--every", "1", "--api-url", runpod.url], /^scalecast watch: expected --out FILE, the file to append the polls to$/m],
      [
        ["ep", "--every", "1", "--out", file, "--api-url", "ftp://example.com/v2"],
        /--api-url: expected an http or https URL such as https:\/\/api\.runpod\.ai\/v2, got "ftp:/
      ],
      [["ep", "--every", "1", "--out", file, "--api-url", "runpod"], /--api-url: expected an http or https URL/],
      [["ep", "--every", "1", "--out", file, "--api-url", `${runpod.url}?x=1`], /--api-url: expected an http or https URL/],
      [["ep", "--every", "1", "--ever", "2", ...base], /unknown option --ever; did you mean --every\?/]
    ]
    for (const [argv, expected, options] of cases) {
      const r = await watch(argv, options ?? fast)
      expect(r.exitCode, argv.join(" ")).toBe(2)
      expect(r.stderr, argv.join(" ")).toMatch(expected)
      expect(hasStackTrace(r.stderr)).toBe(false)
    }
    expect(runpod.requests).toEqual([])
    expect(existsSync(file)).toBe(false)
  })

  it("refuses an output that is a directory, a device or in no folder, before any request, exit 2", async () => {
    const dir = join(scratch.dir, "a-folder")
    mkdirSync(dir)
    for (const [out, expected] of [
      [dir, `scalecast: ${dir}: cannot write: is a directory, not a file`],
      ["/dev/null", "scalecast: /dev/null: cannot write: is not a regular file (a device, FIFO or socket)"],
      [
        join(scratch.dir, "no", "such.jsonl"),
        `scalecast: ${join(scratch.dir, "no", "such.jsonl")}: cannot write: the folder ${join(scratch.dir, "no")} does not exist`
      ]
    ]) {
      const r = await watch(watchArgs(out!))
      expect(r.exitCode).toBe(2)
      expect(r.stderr).toBe(expected)
    }
    expect(runpod.requests).toEqual([])
  })

  it("takes --api-url with or without a trailing slash; warns when the key would be sent unencrypted to another host", async () => {
    runpod.then = { status: 404 }
    const local = runpod.url.replace("127.0.0.1", "localhost")
    const r = await watch(["ep", "--every", "1", "--out", newFile(), "--api-url", `${local}/`])
    expect(r.stderr).toMatch(/no endpoint ep \(HTTP 404\)/)
    expect(runpod.requests.map((q) => q.url)).toEqual(["/v2/ep/health"])
    expect(r.messages).not.toContain("warning: --api-url is plain http: the API key is sent unencrypted")
    const far = await watch(["ep", "--every", "1", "--out", join(scratch.dir, "no", "x.jsonl"), "--api-url", "http://example.com/v2"])
    expect(far.messages).toContain("warning: --api-url is plain http: the API key is sent unencrypted")
  })
})

describe("scalecast watch, stopped", () => {
  it("Ctrl-C aborts the poll in flight, closes the file with whole lines only, exit 130", async () => {
    runpod.queue = [healthy, healthy, healthy]
    runpod.then = "hang"
    const file = newFile()
    const before = new Set(process.listeners("SIGINT"))
    const running = watch(watchArgs(file))
    await until(() => runpod.requests.length >= 4)
    const ctrlC = process.listeners("SIGINT").find((l) => !before.has(l))
    expect(ctrlC).toBeDefined()
    ctrlC!("SIGINT")
    const r = await running
    expect(r.exitCode).toBe(130)
    expect(r.stderr).toBe(`scalecast watch: interrupted; recorded 3 polls to ${file}`)
    expect(lines(file)).toHaveLength(3)
    expect(isOpen(file)).toBe(false)
    expect(process.listeners("SIGINT")).toEqual([...before])
    await until(() => runpod.aborted >= 1)
  })

  it("an interrupted fiber closes the file and says what it recorded", async () => {
    runpod.queue = [healthy, healthy]
    runpod.then = "hang"
    const file = newFile()
    const messages: Array<string> = []
    const before = process.listenerCount("SIGINT")
    const fiber = Effect.runFork(command(watchArgs(file), fast, messages, []))
    await until(() => runpod.requests.length >= 3)
    await Effect.runPromise(Fiber.interrupt(fiber))
    const exit = await Effect.runPromise(Fiber.await(fiber))
    expect(Exit.hasInterrupts(exit)).toBe(true)
    expect(endingOf(exit).exitCode).toBe(130)
    expect(messages.at(-1)).toBe(`scalecast watch: interrupted; recorded 2 polls to ${file}`)
    expect(lines(file)).toHaveLength(2)
    expect(isOpen(file)).toBe(false)
    expect(process.listenerCount("SIGINT")).toBe(before)
  })
})

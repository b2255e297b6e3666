/**
 * watch: `scalecast watch <endpoint-id> --every SECONDS --out FILE [--count N] [--api-url URL]`.
 * Polls RunPod's `GET /v2/{endpoint}/health` at a fixed rate and appends one JSON line per answer,
 * `{"at", "jobs", "workers"}`, to FILE: the record of queue and workers over time that backtest and
 * calibrate read (runpod-model.md §9). FILE is only ever appended to, one whole line per write, and
 * closed on every exit path, Ctrl-C included.
 *
 * A refused key or an unknown endpoint ends the watch at once (exit 2); rate limits, server errors,
 * network errors, timeouts and malformed answers are retried with exponential backoff, and the watch
 * gives up after `maxFailuresInARow` of them in a row. Ctrl-C ends it as interrupted (exit 130) with
 * every line already written intact.
 */
import { Clock, Console, Data, Effect, Result } from "effect"
import { constants } from "node:fs"
import * as fs from "node:fs/promises"
import { numberFlag, parseCommandLine, stringFlag, UsageError, type CommandSpec } from "./Args.ts"
import { InputError } from "./Document.ts"
import { checkWritable } from "./Files.ts"
import { Interrupted } from "./Outcome.ts"

export const watchSpec: CommandSpec = {
  name: "watch",
  usage: "scalecast watch <endpoint-id> --every SECONDS --out FILE [--count N] [--api-url URL]   (needs RUNPOD_API_KEY)",
  positionals: ["endpoint-id"],
  flags: { every: { type: "string" }, out: { type: "string" }, count: { type: "string" }, "api-url": { type: "string" } }
}

export interface WatchOptions {
  /** The smallest `--every` in seconds (default 1: RunPod rate-limits its API); tests poll faster. */
  readonly minEverySeconds?: number
  /** The backoff after the first failure in seconds (default 1), doubling per failure up to 60 s; tests retry faster. */
  readonly backoffSeconds?: number
}

const defaultApiUrl = "https://api.runpod.ai/v2"
/** Failed polls in a row after which the watch gives up. */
const maxFailuresInARow = 10
const maxBackoffMs = 60_000
/** A poll is aborted after `--every` or this, whichever is shorter. */
const maxPollMs = 10_000
/** A Retry-After beyond this (a broken or hostile server) is not waited out in full. */
const maxRetryAfterSeconds = 600
/** /health answers are a few hundred bytes; a larger one is not read to the end. */
const maxAnswerBytes = 64 * 1024
const endpointId = /^[A-Za-z0-9_-]{1,64}$/

/** RunPod's answers end the watch: a refused key, no such endpoint, or too many failed polls. Exit code 2. */
class RunPodError extends Data.TaggedError("RunPodError")<{ readonly message: string }> {}

/** One poll went wrong; `fatal` ends the watch, otherwise the poll is retried. */
class PollFailed extends Data.TaggedError("PollFailed")<{ readonly reason: string; readonly fatal: boolean; readonly retryAfterSeconds: number }> {}

const retryable = (reason: string, retryAfterSeconds = 0) => new PollFailed({ reason, fatal: false, retryAfterSeconds })
const fatal = (reason: string) => new PollFailed({ reason, fatal: true, retryAfterSeconds: 0 })

type Counts = Readonly<Record<string, number>>

interface Settings {
  readonly endpoint: string
  readonly url: string
  readonly apiKey: string
  readonly everyMs: number
  readonly count: number | undefined
  readonly backoffMs: number
}

export const watch = (argv: ReadonlyArray<string>) => watchWith(argv, {})

/** `watch` with smaller minimums than scalecast's (tests). */
export const watchWith = (argv: ReadonlyArray<string>, options: WatchOptions) =>
  Effect.gen(function* () {
    const args = yield* parseCommandLine(watchSpec, argv)
    const usage = (message: string) => new UsageError({ message: `scalecast watch: ${message}`, usage: watchSpec.usage })
    const apiKey = process.env.RUNPOD_API_KEY ?? ""
    if (apiKey === "") return yield* usage("RUNPOD_API_KEY is not set; set it to a RunPod API key that may read the endpoint")
    if (!/^[\x21-\x7e]+$/.test(apiKey)) return yield* usage("RUNPOD_API_KEY contains spaces or control characters; expected the key alone")
    const endpoint = args.positionals[0]!
    if (!endpointId.test(endpoint))
      return yield* usage(`<endpoint-id>: expected a RunPod endpoint id (1 to 64 letters, digits, - and _), got ${JSON.stringify(endpoint.slice(0, 80))}`)
    const minEvery = options.minEverySeconds ?? 1
    const every = yield* numberFlag(watchSpec, "every", args.flags.every, { integer: false, min: minEvery, max: 86_400, maxReason: "a day" })
    if (every === undefined) return yield* usage(`expected --every SECONDS, how often to poll (at least ${minEvery})`)
    const count = yield* numberFlag(watchSpec, "count", args.flags.count, { integer: true, min: 1, max: Number.MAX_SAFE_INTEGER })
    const api = yield* apiUrl(stringFlag(args.flags["api-url"]) ?? defaultApiUrl, usage)
    const file = stringFlag(args.flags.out)
    if (file === undefined || file.trim() === "") return yield* usage("expected --out FILE, the file to append the polls to")
    yield* checkWritable(file)
    const settings: Settings = {
      endpoint,
      url: `${api}/${endpoint}/health`,
      apiKey,
      everyMs: every * 1000,
      count,
      backoffMs: (options.backoffSeconds ?? 1) * 1000
    }
    const tally = { recorded: 0 }
    const recorded = () => `recorded ${tally.recorded} poll${tally.recorded === 1 ? "" : "s"} to ${file}`
    const stoppedByUser = yield* Effect.acquireUseRelease(
      openRecording(file),
      (handle) =>
        Effect.gen(function* () {
          yield* Console.error(`watching ${endpoint} every ${every} s, appending to ${file}; Ctrl-C stops`)
          return yield* Effect.raceFirst(record(settings, (line) => appendLine(file, handle, line), tally).pipe(Effect.as(false)), ctrlC.pipe(Effect.as(true)))
        }),
      (handle) => Effect.promise(() => handle.close().catch(() => undefined))
    ).pipe(
      Effect.catchTag("PollFailed", (e) =>
        Effect.fail(new RunPodError({ message: `scalecast watch: ${e.reason}${tally.recorded > 0 ? `; ${recorded()}` : ""}` }))
      ),
      Effect.onInterrupt(() => Console.error(`scalecast watch: interrupted; ${recorded()}`))
    )
    if (stoppedByUser) return yield* new Interrupted({ message: `scalecast watch: interrupted; ${recorded()}` })
    yield* Console.error(recorded())
  })

/** `--api-url` without a trailing slash: an http(s) URL with no query or fragment. Warns when the key would travel unencrypted. */
const apiUrl = (text: string, usage: (message: string) => UsageError) =>
  Effect.gen(function* () {
    const url = URL.canParse(text) ? new URL(text) : undefined
    if (url === undefined || (url.protocol !== "https:" && url.protocol !== "http:") || url.search !== "" || url.hash !== "")
      return yield* usage(`--api-url: expected an http or https URL such as ${defaultApiUrl}, got ${JSON.stringify(text.slice(0, 200))}`)
    if (url.protocol === "http:" && !["localhost", "127.0.0.1", "[::1]"].includes(url.hostname))
      yield* Console.error("warning: --api-url is plain http: the API key is sent unencrypted")
    return text.replace(/\/+$/, "")
  })

/**
 * Polls at a fixed rate, tick k at start + k·every, one poll at a time: a late answer delays the next
 * poll to the next tick, and ticks missed while the machine slept are skipped, never caught up. A
 * failed poll is retried after the backoff (or a longer Retry-After) but never sooner than the next
 * tick; after a success the polls are back on the ticks. Ends after `count` recorded polls, or never.
 */
const record = (settings: Settings, append: (line: string) => Effect.Effect<void, InputError>, tally: { recorded: number }) =>
  Effect.gen(function* () {
    const { everyMs } = settings
    const start = yield* Clock.currentTimeMillis
    /** The first tick at or after `t`, and the first one after it. */
    const tickFrom = (t: number) => start + Math.ceil((t - start) / everyMs - 1e-9) * everyMs
    const tickAfter = (t: number) => start + (Math.floor((t - start) / everyMs + 1e-9) + 1) * everyMs
    let due = start
    let failures = 0
    while (settings.count === undefined || tally.recorded < settings.count) {
      const wait = due - (yield* Clock.currentTimeMillis)
      if (wait > 0) yield* Effect.sleep(wait)
      const sentAt = yield* Clock.currentTimeMillis
      const polled = yield* Effect.result(poll(settings))
      const now = yield* Clock.currentTimeMillis
      const nextTick = Math.max(tickAfter(due), tickFrom(now))
      if (Result.isSuccess(polled)) {
        // The line is written and counted together, whatever interrupts.
        const line = JSON.stringify({ at: new Date(sentAt).toISOString(), ...polled.success })
        yield* Effect.uninterruptible(append(line).pipe(Effect.andThen(Effect.sync(() => void tally.recorded++))))
        failures = 0
        due = nextTick
        continue
      }
      const failure = polled.failure
      if (failure.fatal) return yield* failure
      if (++failures >= maxFailuresInARow) return yield* fatal(`gave up after ${maxFailuresInARow} failed polls in a row; the last: ${failure.reason}`)
      const backoff = Math.max(
        Math.min(maxBackoffMs, settings.backoffMs * 2 ** (failures - 1)),
        Math.min(failure.retryAfterSeconds, maxRetryAfterSeconds) * 1000
      )
      due = Math.max(nextTick, now + backoff)
      yield* Console.error(`scalecast watch: ${failure.reason}; retrying in ${seconds(due - now)} (${failures} of ${maxFailuresInARow} failures in a row)`)
    }
  })

/** One `GET …/health`, aborted after `--every` or 10 s, whichever is shorter. */
const poll = (settings: Settings): Effect.Effect<{ readonly jobs: Counts; readonly workers: Counts }, PollFailed> => {
  const timeoutMs = Math.min(settings.everyMs, maxPollMs)
  return Effect.tryPromise({
    try: async (signal) => {
      const response = await fetch(settings.url, { headers: { authorization: `Bearer ${settings.apiKey}`, accept: "application/json" }, signal })
      if (response.status !== 200) await response.body?.cancel()
      return { status: response.status, retryAfter: response.headers.get("retry-after"), text: response.status === 200 ? await readAnswer(response) : "" }
    },
    catch: (e) => (e instanceof PollFailed ? e : retryable(`cannot reach RunPod: ${networkReason(e)}`))
  }).pipe(
    Effect.timeoutOrElse({ duration: timeoutMs, orElse: () => Effect.fail(retryable(`no answer within ${seconds(timeoutMs)}`)) }),
    Effect.flatMap(({ status, retryAfter, text }) => {
      if (status === 401 || status === 403)
        return Effect.fail(fatal(`RunPod refused the API key (HTTP ${status}); check RUNPOD_API_KEY and that the key may read endpoint ${settings.endpoint}`))
      if (status === 404) return Effect.fail(fatal(`no endpoint ${settings.endpoint} (HTTP 404); check the id in the RunPod console`))
      if (status === 408 || status === 429 || status >= 500) {
        // Retry-After in seconds; its HTTP-date form is not used (RunPod sends seconds).
        const after = retryAfter !== null && /^\d+(\.\d+)?$/.test(retryAfter.trim()) ? Number(retryAfter) : 0
        return Effect.fail(retryable(`RunPod answered HTTP ${status}${status === 429 ? " (rate limited)" : ""}`, after))
      }
      if (status !== 200) return Effect.fail(fatal(`RunPod answered HTTP ${status}; expected 200 with the endpoint's health`))
      const health = decodeHealth(text)
      return typeof health === "string" ? Effect.fail(retryable(`RunPod's answer is not /health's: ${health}`)) : Effect.succeed(health)
    })
  )
}

/** The body as text, refusing one larger than `maxAnswerBytes` without reading it all. */
const readAnswer = async (response: Response): Promise<string> => {
  const reader = response.body?.getReader()
  if (reader === undefined) return ""
  const chunks: Array<Uint8Array> = []
  let bytes = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return Buffer.concat(chunks, bytes).toString("utf8")
    bytes += value.byteLength
    if (bytes > maxAnswerBytes) {
      await reader.cancel()
      throw retryable(`RunPod's answer is larger than ${maxAnswerBytes / 1024} KB; /health's is a few hundred bytes`)
    }
    chunks.push(value)
  }
}

/** `{"jobs": {…}, "workers": {…}}` with non-negative integer counts, or what is wrong with the text. */
const decodeHealth = (text: string): { readonly jobs: Counts; readonly workers: Counts } | string => {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return `not JSON (${Buffer.byteLength(text).toLocaleString("en-US")} bytes)`
  }
  if (!isObject(body)) return "expected an object with jobs and workers"
  for (const part of ["jobs", "workers"] as const) {
    const counts = body[part]
    if (!isObject(counts)) return `${part}: expected an object of counts, got ${counts === undefined ? "nothing" : brief(counts)}`
    for (const [name, n] of Object.entries(counts))
      if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0) return `${part}.${brief(name)}: expected a non-negative integer, got ${brief(n)}`
  }
  return { jobs: body.jobs as Counts, workers: body.workers as Counts }
}

const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === "object" && !Array.isArray(x)

/** A value as JSON, cut short: an answer's text is never quoted at length. */
const brief = (x: unknown): string => {
  const text = typeof x === "string" && /^[A-Za-z0-9_]{1,40}$/.test(x) ? x : (JSON.stringify(x) ?? String(x))
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}

/** What failed beneath fetch's "fetch failed": refused, reset, closed, DNS. */
const networkReason = (e: unknown): string => {
  const cause = e instanceof Error && e.cause instanceof Error ? e.cause : e
  const code = (cause as { readonly code?: unknown }).code
  const message = cause instanceof Error ? cause.message : String(cause)
  if (message === "") return typeof code === "string" ? code : "network error"
  return typeof code === "string" && !message.includes(code) ? `${message} (${code})` : message
}

const seconds = (ms: number): string => `${Number((ms / 1000).toPrecision(2))} s`

/** Succeeds at Ctrl-C (SIGINT), which meanwhile no longer ends the process. */
const ctrlC = Effect.callback<void>((resume) => {
  const stop = () => {
    process.removeListener("SIGINT", stop)
    resume(Effect.void)
  }
  process.on("SIGINT", stop)
  return Effect.sync(() => void process.removeListener("SIGINT", stop))
})

/**
 * Opens FILE to append (created if absent, never truncated), refusing anything but a regular file.
 * A recording whose last line was cut short gets a newline first, so the next line stays whole.
 */
const openRecording = (file: string): Effect.Effect<fs.FileHandle, InputError> =>
  Effect.tryPromise({
    try: async () => {
      // O_NONBLOCK: if the path became a FIFO since the check, opening it must not wait for a reader.
      const handle = await fs.open(file, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | (constants.O_NONBLOCK ?? 0), 0o644)
      try {
        const info = await handle.stat()
        if (!info.isFile()) throw new Error("is not a regular file")
        const last = Buffer.alloc(1)
        if (info.size > 0 && (await handle.read(last, 0, 1, info.size - 1)).bytesRead === 1 && last[0] !== 0x0a) await handle.write("\n")
        return handle
      } catch (e) {
        await handle.close()
        throw e
      }
    },
    catch: (e) => new InputError({ message: `${file}: cannot write: ${fsReason(e)}` })
  })

/**
 * Appends one line with a single write. A short write (a full disk) is cut back off, so the file
 * never holds half a line.
 */
const appendLine = (file: string, handle: fs.FileHandle, line: string): Effect.Effect<void, InputError> =>
  Effect.tryPromise({
    try: async () => {
      const bytes = Buffer.from(`${line}\n`, "utf8")
      const { bytesWritten } = await handle.write(bytes)
      if (bytesWritten < bytes.length) {
        await handle.truncate((await handle.stat()).size - bytesWritten)
        throw Object.assign(new Error("short write"), { code: "ENOSPC" })
      }
    },
    catch: (e) => new InputError({ message: `${file}: cannot write: ${fsReason(e)}` })
  })

const fsReason = (e: unknown): string => {
  switch ((e as { readonly code?: unknown }).code) {
    case "EACCES":
    case "EPERM":
      return "permission denied"
    case "ENOSPC":
      return "no space left on the device"
    case "EROFS":
      return "the file system is read-only"
    default:
      return e instanceof Error ? (e.message.split("\n")[0] ?? "") : String(e)
  }
}

/**
 * Files: the CLI's file IO as a small Effect service over `node:fs/promises` (the platform package
 * needs a newer Node). Reading a user's document (JSON or YAML) fails with an `InputError` whose
 * message names the file and what is wrong with it: missing, a directory, a device or FIFO, unreadable,
 * empty, too large, or not valid JSON/YAML (with line and column). Writing is atomic (temp file +
 * rename), so a failed command never leaves a partial output file, nor the temp file.
 *
 * Hostile input: only regular files are read, and never more than `maxDocumentBytes` (or the larger
 * limit a sweep part's reader gives) whatever their size claims; parsing is bounded too (Document.ts).
 */
import { Context, Effect, Layer } from "effect"
import { constants, type Stats } from "node:fs"
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { InputError, maxDocumentBytes, parseDocumentText } from "./Document.ts"

/** The most a read takes, and what the message calls such files ("documents", "sweep parts"). */
export interface ReadLimit {
  readonly bytes: number
  readonly what: string
}

const documentLimit: ReadLimit = { bytes: maxDocumentBytes, what: "documents" }

export class Files extends Context.Service<
  Files,
  {
    /** A user's document as text: a regular file of at most `limit.bytes` (default: a document, `maxDocumentBytes`). */
    readonly readText: (file: string, limit?: ReadLimit) => Effect.Effect<string, InputError>
    /** Writes atomically (temp file + rename); on failure neither a partial file nor the temp file remains. */
    readonly writeText: (file: string, text: string) => Effect.Effect<void, InputError>
    /**
     * Writes several files all or nothing, as far as a file system allows: every temp file first,
     * then the renames; a failure before the renames leaves none of them.
     */
    readonly writeTexts: (entries: ReadonlyArray<{ readonly file: string; readonly text: string }>) => Effect.Effect<void, InputError>
    /**
     * Checks, before a long run, that `writeText(file, …)` can succeed: the target is not a directory
     * or device, its folder exists and a file can be created in it (tried, then removed).
     */
    readonly checkWritable: (file: string) => Effect.Effect<void, InputError>
  }
>()("scalecast/Files") {
  static readonly layer = Layer.succeed(Files, {
    readText: (file, limit = documentLimit) =>
      Effect.tryPromise({
        try: () => readBounded(file, limit),
        catch: (e) => new InputError({ message: `${file}: ${describeFsError(e)}` })
      }),
    writeText: (file, text) => writeAll([{ file, text }]),
    writeTexts: (entries) => writeAll(entries),
    checkWritable: (file) =>
      Effect.tryPromise({
        try: async () => {
          await refuseTarget(file)
          const folder = path.dirname(file)
          const info = await fs.stat(folder).catch((e: unknown) => {
            throw (e as NodeJS.ErrnoException).code === "ENOENT" ? new Error(`the folder ${folder} does not exist`) : e
          })
          if (!info.isDirectory()) throw new Error(`${folder} is not a folder`)
          // As root every `access` check passes; creating a file is the honest test.
          const probe = tempPath(file, "check.tmp")
          await fs.unlink(probe).catch(() => undefined)
          const handle = await fs.open(probe, "wx")
          await handle.close()
          await fs.unlink(probe)
        },
        catch: (e) => new InputError({ message: `${file}: cannot write: ${describeFsError(e)}` })
      })
  })
}

/** Writes every entry's temp file, then renames them all; on a failure no temp file remains. */
const writeAll = (entries: ReadonlyArray<{ readonly file: string; readonly text: string }>): Effect.Effect<void, InputError> => {
  let current = entries[0]?.file ?? ""
  return Effect.tryPromise({
    try: async () => {
      const temps: Array<string> = []
      try {
        for (const { file, text } of entries) {
          current = file
          await refuseTarget(file)
          const temp = tempPath(file, "tmp")
          // The temp name is predictable: remove a stale one and create it exclusively (never through a link).
          await fs.unlink(temp).catch(() => undefined)
          temps.push(temp)
          await fs.writeFile(temp, text, { encoding: "utf8", flag: "wx" })
        }
        for (const [i, { file }] of entries.entries()) {
          current = file
          await fs.rename(temps[i]!, file)
        }
      } catch (e) {
        for (const temp of temps) await fs.unlink(temp).catch(() => undefined)
        throw e
      }
    },
    catch: (e) => new InputError({ message: `${current}: cannot write: ${describeFsError(e)}` })
  })
}

/** `.NAME.PID.SUFFIX` beside `file`. */
const tempPath = (file: string, suffix: string): string => path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${suffix}`)

const notRegular = "is not a regular file (a device, FIFO or socket); expected a JSON or YAML file"

/** Why a path that exists cannot be read as a document, or undefined if it is a regular file. */
const refusal = (info: Stats): string | undefined => (info.isDirectory() ? "is a directory, not a file" : info.isFile() ? undefined : notRegular)

/**
 * Reads a regular file of at most `maxBytes`. The size is checked before opening (a device is never
 * opened) and again while reading, since a file can grow or claim a size it does not have.
 */
const readBounded = async (file: string, { bytes: maxBytes, what }: ReadLimit): Promise<string> => {
  const before = await fs.stat(file)
  const refused = refusal(before)
  if (refused !== undefined) throw new Error(refused)
  const tooLarge = (size: string) => new Error(`is ${size}; scalecast reads ${what} up to ${maxBytes / 1024 / 1024} MB`)
  if (before.size > maxBytes) throw tooLarge(`${(before.size / 1024 / 1024).toFixed(1)} MB`)
  // O_NONBLOCK: if the path became a FIFO since the stat, opening it must not wait for a writer.
  const handle = await fs.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  try {
    const refusedNow = refusal(await handle.stat())
    if (refusedNow !== undefined) throw new Error(refusedNow)
    const chunks: Array<Buffer> = []
    let bytes = 0
    for (;;) {
      const chunk = Buffer.allocUnsafe(64 * 1024)
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null)
      if (bytesRead === 0) break
      bytes += bytesRead
      if (bytes > maxBytes) throw tooLarge(`larger than ${maxBytes / 1024 / 1024} MB`)
      chunks.push(chunk.subarray(0, bytesRead))
    }
    return Buffer.concat(chunks, bytes).toString("utf8")
  } finally {
    await handle.close()
  }
}

/** Refuses to replace a directory or a device (a rename would replace the device's node). */
const refuseTarget = async (file: string): Promise<void> => {
  const info = await fs.stat(file).catch((e: unknown) => {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined
    throw e
  })
  if (info === undefined || info.isFile()) return
  throw new Error(info.isDirectory() ? "is a directory, not a file" : "is not a regular file (a device, FIFO or socket)")
}

const describeFsError = (e: unknown): string => {
  const code = (e as { code?: string }).code
  switch (code) {
    case "ENOENT":
      return "no such file"
    case "EACCES":
    case "EPERM":
      return "permission denied"
    case "ENOTDIR":
      return "a part of the path is not a folder"
    case "EISDIR":
      return "is a directory, not a file"
    case "EROFS":
      return "the file system is read-only"
    case "ENOSPC":
      return "no space left on the device"
    case "ENAMETOOLONG":
      return "the name is too long"
    case "ELOOP":
      return "too many symbolic links (a loop?)"
    default:
      return e instanceof Error ? e.message : String(e)
  }
}

/** Reads and parses a user's JSON/YAML document. */
export const readDocument = (file: string): Effect.Effect<unknown, InputError, Files> =>
  Files.use((files) => files.readText(file)).pipe(
    Effect.flatMap((text) => parseDocumentText(file, text)),
    // A file that parses to a bare value (any text file is valid YAML) is not a config: say so without quoting it.
    Effect.filterOrFail(
      (doc) => doc !== null && typeof doc === "object" && !Array.isArray(doc),
      (doc) =>
        new InputError({
          message: `${file}: expected a JSON or YAML object (fields and their values), got ${Array.isArray(doc) ? "a list" : doc === null ? "null" : `a single ${typeof doc === "string" ? `text of ${doc.length.toLocaleString("en-US")} characters` : typeof doc}`}`
        })
    )
  )

/** Checks that an output file can be written, before a long run (see `Files.checkWritable`). */
export const checkWritable = (file: string): Effect.Effect<void, InputError, Files> => Files.use((files) => files.checkWritable(file))

/**
 * Files: the CLI's file IO as a small Effect service over `node:fs/promises` (the platform package
 * needs a newer Node). Reading a user's document (JSON or YAML) fails with an `InputError` whose
 * message names the file and what is wrong with it: missing, a directory, unreadable, empty, too
 * large, or not valid JSON/YAML (with line and column). Writing is atomic (temp file + rename), so
 * a failed command never leaves a partial output file.
 */
import { Context, Effect, Layer, Schema } from "effect"
import * as fs from "node:fs/promises"
import * as path from "node:path"
import { parseDocument } from "yaml"

/** A file a user named cannot be used. Always an input error (exit code 2). */
export class InputError extends Schema.TaggedError<InputError>()("InputError", {
  message: Schema.String
}) {}

/** The largest document scalecast reads: configs and scenarios are small; traces stream. */
export const maxDocumentBytes = 10 * 1024 * 1024

export class Files extends Context.Service<
  Files,
  {
    readonly readText: (file: string) => Effect.Effect<string, InputError>
    readonly writeText: (file: string, text: string) => Effect.Effect<void, InputError>
  }
>()("scalecast/Files") {
  static readonly layer = Layer.succeed(Files, {
    readText: (file) =>
      Effect.tryPromise({
        try: async () => {
          const info = await fs.stat(file)
          if (info.isDirectory()) throw new Error("is a directory, not a file")
          if (info.size > maxDocumentBytes) {
            throw new Error(`is ${(info.size / 1024 / 1024).toFixed(1)} MB; scalecast reads documents up to ${maxDocumentBytes / 1024 / 1024} MB`)
          }
          return await fs.readFile(file, "utf8")
        },
        catch: (e) => new InputError({ message: `${file}: ${describeFsError(e)}` })
      }),
    writeText: (file, text) =>
      Effect.tryPromise({
        try: async () => {
          const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`)
          await fs.writeFile(temp, text, "utf8")
          await fs.rename(temp, file)
        },
        catch: (e) => new InputError({ message: `${file}: cannot write: ${describeFsError(e)}` })
      })
  })
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
    default:
      return e instanceof Error ? e.message : String(e)
  }
}

/** Parses a JSON or YAML document. JSON is tried first for `.json` files and for unknown extensions. */
export const parseDocumentText = (file: string, text: string): Effect.Effect<unknown, InputError> =>
  Effect.suspend(() => {
    if (text.trim() === "") return Effect.fail(new InputError({ message: `${file}: the file is empty; expected a JSON or YAML object` }))
    const yamlFile = /\.ya?ml$/i.test(file)
    if (!yamlFile) {
      try {
        return Effect.succeed(JSON.parse(text) as unknown)
      } catch (e) {
        if (/\.json$/i.test(file)) return Effect.fail(new InputError({ message: `${file}: invalid JSON: ${jsonErrorPosition(text, e)}` }))
      }
    }
    const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true })
    if (doc.errors.length > 0) {
      const err = doc.errors[0]!
      const where = err.linePos?.[0] ? ` at line ${err.linePos[0].line}, column ${err.linePos[0].col}` : ""
      const kind = yamlFile ? "invalid YAML" : "neither valid JSON nor valid YAML"
      return Effect.fail(new InputError({ message: `${file}: ${kind}${where}: ${err.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}` }))
    }
    return Effect.succeed(doc.toJS({ maxAliasCount: 1000 }) as unknown)
  })

/** Turns a JSON.parse error into "line L, column C: message". */
const jsonErrorPosition = (text: string, e: unknown): string => {
  const message = e instanceof Error ? e.message : String(e)
  const m = /position (\d+)/.exec(message)
  if (!m) return message
  const offset = Number(m[1])
  const before = text.slice(0, offset)
  const line = before.split("\n").length
  const col = offset - before.lastIndexOf("\n")
  return `line ${line}, column ${col}: ${message.replace(/ in JSON at position \d+.*$/, "").replace(/^Unexpected/, "unexpected")}`
}

/** Reads and parses a user's JSON/YAML document. */
export const readDocument = (file: string): Effect.Effect<unknown, InputError, Files> =>
  Files.use((files) => files.readText(file)).pipe(Effect.flatMap((text) => parseDocumentText(file, text)))

/** Test helpers: run an Effect to a promise; read a fixture; import expecting success or failure. */
import { Effect, Result } from "effect"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import type { Imported, ImportResult, EndpointConfigError } from "../src/models/dialects/Normaliser.ts"

export const run = <A, E>(effect: Effect.Effect<A, E>): Promise<A> => Effect.runPromise(effect)

export const fixture = (name: string): unknown => JSON.parse(readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), "utf8"))

export const ok = (r: ImportResult): Imported => {
  if (Result.isFailure(r)) throw new Error(`expected a valid config, got problems: ${JSON.stringify(r.failure.problems)}`)
  return r.success
}

export const bad = (r: ImportResult): EndpointConfigError => {
  if (Result.isSuccess(r)) throw new Error(`expected problems, got a valid config: ${JSON.stringify(r.success.config)}`)
  return r.failure
}

/** Problems as the lines a user reads. */
export const lines = (r: ImportResult): Array<string> => bad(r).problems.map((p) => (p.path === "" ? p.message : `${p.path}: ${p.message}`))

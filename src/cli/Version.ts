/** Version: scalecast's version, from its package.json (in help, and in sweep parts a merge checks). */
import { readFileSync } from "node:fs"

export const version = (
  JSON.parse(readFileSync(new URL(import.meta.url.endsWith(".ts") ? "../../package.json" : "../package.json", import.meta.url), "utf8")) as {
    readonly version: string
  }
).version

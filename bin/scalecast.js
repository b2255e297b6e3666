#!/usr/bin/env node
// The `scalecast` command: the prebuilt JavaScript in dist/ (built by `npm install`, see
// scripts/build.mjs) when it is there and no source is newer; otherwise the TypeScript sources
// through tsx (a working copy being edited, or an install that skipped the build).
import { existsSync, readdirSync, statSync } from "node:fs"

const root = new URL("../", import.meta.url)
const built = new URL("dist/main.mjs", root)

const fresh = () => {
  if (!existsSync(built)) return false
  const builtAt = statSync(built).mtimeMs
  const src = new URL("src/", root)
  return readdirSync(src, { recursive: true }).every((f) => !String(f).endsWith(".ts") || statSync(new URL(String(f), src)).mtimeMs <= builtAt)
}

if (fresh()) await import(built.href)
else {
  const { register } = await import("tsx/esm/api")
  register()
  await import("../src/cli/main.ts")
}

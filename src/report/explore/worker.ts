/**
 * The explore page's Web Worker: decodes the scenario once, then simulates each set of knob values
 * it is sent and posts progress and the outcome back. The page ends the worker to cancel a run.
 */
import { exploreBase, exploreRun } from "./ExploreRun.ts"
import type { ExploreBase, KnobValues } from "./Knobs.ts"

export type ToWorker =
  | { readonly kind: "base"; readonly input: Record<string, unknown>; readonly durationSeconds: number }
  | { readonly kind: "run"; readonly id: number; readonly values: KnobValues }

export type FromWorker =
  | { readonly kind: "progress"; readonly id: number; readonly simulatedSeconds: number }
  | { readonly kind: "done"; readonly id: number; readonly elapsedMs: number; readonly outcome: ReturnType<typeof exploreRun> }

const scope = globalThis as unknown as { onmessage: (e: { data: ToWorker }) => void; postMessage: (m: FromWorker) => void }
let base: ExploreBase | { readonly problems: ReadonlyArray<string> } | undefined

scope.onmessage = ({ data }) => {
  if (data.kind === "base") {
    base = exploreBase(data.input, data.durationSeconds)
    return
  }
  const started = performance.now()
  const outcome =
    base === undefined || "problems" in base
      ? { problems: base?.problems ?? ["the scenario was not loaded"] }
      : exploreRun(base, data.values, (simulatedSeconds) => scope.postMessage({ kind: "progress", id: data.id, simulatedSeconds }))
  scope.postMessage({ kind: "done", id: data.id, elapsedMs: performance.now() - started, outcome })
}

/**
 * Progress: the one-line progress bar with an ETA that long commands draw on stderr when it is a
 * terminal: `[#########...............] 37 % 120/320 runs, ETA 2 min 10 s`. Redrawn at most a few
 * times a second; `end()` finishes the line.
 */

const formatEta = (seconds: number): string =>
  !Number.isFinite(seconds)
    ? "…"
    : seconds < 60
      ? `${Math.ceil(seconds)} s`
      : seconds < 3600
        ? `${Math.floor(seconds / 60)} min ${Math.floor(seconds % 60)} s`
        : `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`

export interface ProgressLine {
  /** Shows `fraction` (0–1) done with a short text. */
  update(fraction: number, text: string): void
  end(): void
}

/** A progress line on `stream` (a TTY); `unit` names what is counted when no text is given. */
export const progressLine = (stream: { write(text: string): boolean }, unit: string, now: () => number = Date.now): ProgressLine => {
  const started = now()
  let drawn = false
  let lastDraw = 0
  return {
    update(fraction, text) {
      const t = now()
      if (fraction < 1 && t - lastDraw < 200) return
      lastDraw = t
      const f = Math.min(1, Math.max(0, fraction))
      const elapsed = (t - started) / 1000
      const eta = f === 0 ? Number.POSITIVE_INFINITY : (elapsed / f) * (1 - f)
      const width = 24
      const filled = Math.round(f * width)
      stream.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${Math.floor(f * 100)} % ${text === "" ? unit : text}, ETA ${formatEta(eta)}   `)
      drawn = true
    },
    end() {
      if (drawn) stream.write("\n")
      drawn = false
    }
  }
}

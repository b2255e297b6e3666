/**
 * Palette: one colour per series (worker states, spending, latencies), the same in every chart,
 * the HTML tiles and the pages' styles. Kept apart from the charts so a page's styles do not load
 * the charts' DOM.
 */

/** One colour per series, shared by every chart and the HTML tiles. */
export const palette = {
  running: "#2f6fb0",
  ready: "#e0a030",
  initializing: "#8e6cc9",
  throttled: "#d64545",
  retained: "#c3ccd6",
  queued: "#1f2933",
  max: "#7b8794",
  flex: "#2f9e8f",
  active: "#5b6cd6",
  coldStart: "#d64545",
  flashStart: "#e0a030",
  delayTime: "#8e6cc9",
  endToEnd: "#2f6fb0",
  readyShare: "#e0a030"
} as const

/**
 * The yardstick for the engine's speed: a bare M/M/c event loop over typed arrays, as small as an
 * event-driven simulation can be (a (time, sequence)-ordered binary heap, a FIFO ring of arrival
 * times, the same sfc32 generator, the mean response time). It models nothing of RunPod. bench
 * (k) times it as a whole process against `scalecast simulate` on the same M/M/c run.
 * Usage: node bench/bare-mmc.mjs <requests> [servers] [utilisation]
 */
const requests = Number(process.argv[2] ?? 1e7)
const servers = Number(process.argv[3] ?? 10)
const rho = Number(process.argv[4] ?? 0.8)
const lambda = servers * rho // mean service time 1 s

// sfc32, seeded as scalecast's Rng.
let ra = 0x9e3779b9 | 0,
  rb = 0x243f6a88 | 0,
  rc = 0xb7e15162 | 0,
  rd = 1
const uniform = () => {
  const t = (((ra + rb) | 0) + rd) | 0
  rd = (rd + 1) | 0
  ra = rb ^ (rb >>> 9)
  rb = (rc + (rc << 3)) | 0
  rc = (rc << 21) | (rc >>> 11)
  rc = (rc + t) | 0
  return ((t >>> 0) + 0.5) / 4294967296
}
for (let i = 0; i < 15; i++) uniform()

// Event heap: time, sequence, kind (0 arrival, 1 departure).
let cap = 1024
let time = new Float64Array(cap),
  seq = new Float64Array(cap),
  kind = new Uint8Array(cap)
let size = 0,
  nextSeq = 0,
  poppedTime = 0,
  poppedKind = 0
const push = (t, k) => {
  if (size === cap) {
    cap *= 2
    const t2 = new Float64Array(cap),
      s2 = new Float64Array(cap),
      k2 = new Uint8Array(cap)
    ;(t2.set(time), s2.set(seq), k2.set(kind))
    ;((time = t2), (seq = s2), (kind = k2))
  }
  const s = nextSeq++
  let i = size++
  while (i > 0) {
    const p = (i - 1) >> 1
    if (time[p] < t || (time[p] === t && seq[p] < s)) break
    ;((time[i] = time[p]), (seq[i] = seq[p]), (kind[i] = kind[p]))
    i = p
  }
  ;((time[i] = t), (seq[i] = s), (kind[i] = k))
}
const pop = () => {
  ;((poppedTime = time[0]), (poppedKind = kind[0]))
  const last = --size
  const t = time[last],
    s = seq[last],
    k = kind[last]
  let i = 0
  const half = last >> 1
  while (i < half) {
    let c = 2 * i + 1
    if (c + 1 < last && (time[c + 1] < time[c] || (time[c + 1] === time[c] && seq[c + 1] < seq[c]))) c++
    if (t < time[c] || (t === time[c] && s < seq[c])) break
    ;((time[i] = time[c]), (seq[i] = seq[c]), (kind[i] = kind[c]))
    i = c
  }
  ;((time[i] = t), (seq[i] = s), (kind[i] = k))
}

// FIFO ring of queued arrival times; a request's response time (wait + service) is summed when it starts.
let qcap = 1 << 16
let queue = new Float64Array(qcap)
let qhead = 0,
  qlen = 0
let busy = 0,
  arrived = 0,
  completed = 0,
  responseSum = 0
const t0 = performance.now()
push(-Math.log(uniform()) / lambda, 0)
while (size > 0) {
  pop()
  const now = poppedTime
  if (poppedKind === 0) {
    arrived++
    if (busy < servers) {
      busy++
      const service = -Math.log(uniform())
      responseSum += service
      push(now + service, 1)
    } else {
      if (qlen === qcap) {
        const q2 = new Float64Array(qcap * 2)
        for (let i = 0; i < qlen; i++) q2[i] = queue[(qhead + i) & (qcap - 1)]
        ;((queue = q2), (qhead = 0), (qcap *= 2))
      }
      queue[(qhead + qlen++) & (qcap - 1)] = now
    }
    if (arrived < requests) push(now - Math.log(uniform()) / lambda, 0)
  } else {
    completed++
    if (qlen > 0) {
      const arrival = queue[qhead]
      ;((qhead = (qhead + 1) & (qcap - 1)), qlen--)
      const service = -Math.log(uniform())
      responseSum += now - arrival + service
      push(now + service, 1)
    } else busy--
  }
}
const seconds = (performance.now() - t0) / 1000
console.log(JSON.stringify({ requests: completed, seconds, meanResponseSeconds: responseSum / completed }))

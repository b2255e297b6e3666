/**
 * The engine against queueing theory. With workers.min = workers.max = c warm workers, Poisson
 * arrivals (rate λ) and exponential execution (rate μ), the endpoint is an M/M/c queue, and the
 * Erlang C formulas give the probability of waiting, the mean delayTime and its p95.
 *
 * Tolerances come from the runs themselves: each case runs R = 8 independent replications (seeds
 * of its own) and compares the theory with the mean over replications, allowing 5 standard errors
 * of that mean (Student's t with 7 degrees of freedom puts 99.9 % within 5.4) plus the histogram's
 * 0.4 % bucket width. The test also checks that the standard error
 * is small (< 2.5 % of the theoretical value), so a model that is off by 10 % cannot pass. Run
 * lengths were chosen so that holds, including at utilisation 0.9 where the queue mixes slowly.
 */
import { describe, expect, it } from "vitest"
import { endpoint, run } from "./scenarios.ts"

const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1))

/** Erlang C: probability that an arrival waits in an M/M/c queue with offered load a = λ/μ. */
const erlangC = (c: number, a: number): number => {
  const top = (a ** c / factorial(c)) * (c / (c - a))
  let sum = 0
  for (let k = 0; k < c; k++) sum += a ** k / factorial(k)
  return top / (sum + top)
}

const cases = [
  { lambda: 4, mu: 1, c: 5, durationSeconds: 100_000 }, // ρ = 0.8
  { lambda: 9, mu: 1, c: 10, durationSeconds: 120_000 }, // ρ = 0.9
  { lambda: 1.2, mu: 0.5, c: 3, durationSeconds: 150_000 } // ρ = 0.8, slower service
]
const R = 8

const meanAndSe = (xs: ReadonlyArray<number>) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length
  const variance = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)
  return { mean: m, se: Math.sqrt(variance / xs.length) }
}

describe("M/M/c against Erlang C", () => {
  cases.forEach(({ lambda, mu, c, durationSeconds }, caseIndex) => {
    it(`λ = ${lambda}, μ = ${mu}, c = ${c} (ρ = ${(lambda / (c * mu)).toFixed(2)})`, async () => {
      const C = erlangC(c, lambda / mu)
      const theory = {
        waitProbability: C,
        meanDelay: C / (c * mu - lambda),
        p95Delay: C <= 0.05 ? 0 : Math.log(C / 0.05) / (c * mu - lambda)
      }
      const results = await Promise.all(
        Array.from({ length: R }, (_, i) =>
          run({
            seed: 1000 * (caseIndex + 1) + i,
            durationSeconds,
            warmupSeconds: 2000,
            endpoint: endpoint({ workers: { min: c, max: c }, timeout: 0 }),
            workload: { arrivals: { type: "poisson", ratePerSecond: lambda }, executionSeconds: { type: "exponential", mean: 1 / mu } }
          })
        )
      )
      const observed = {
        waitProbability: meanAndSe(results.map((r) => r.queue.waitProbability!)),
        meanDelay: meanAndSe(results.map((r) => r.latency.delayTime.mean!)),
        p95Delay: meanAndSe(results.map((r) => r.latency.delayTime.p95!))
      }
      if (process.env.SCALECAST_PRINT === "1") console.log(JSON.stringify({ lambda, mu, c, theory, observed }))
      for (const key of ["waitProbability", "meanDelay", "p95Delay"] as const) {
        const { mean, se } = observed[key]
        expect(se, `${key}: standard error too large for a meaningful test`).toBeLessThan(0.025 * theory[key])
        expect(Math.abs(mean - theory[key]), `${key}: observed ${mean} vs Erlang C ${theory[key]} (SE ${se})`).toBeLessThan(5 * se + 0.004 * theory[key])
      }
      // Little's law on the same runs: busy workers = completion rate × mean execution time.
      for (const r of results) {
        const window = durationSeconds - 2000
        const littles = (r.requests.completed / window) * r.latency.executionTime.mean!
        expect(Math.abs(r.workers.meanRunning - littles) / littles).toBeLessThan(0.005)
      }
    })
  })
})

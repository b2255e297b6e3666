/**
 * examples/cluster/: the Kubernetes Indexed Job, the GitHub Actions workflow and the Slurm array
 * parse, agree on the shard count, name the commands the README shows, and, run here shard by
 * shard with their batch engine's index (JOB_COMPLETION_INDEX, the matrix value,
 * SLURM_ARRAY_TASK_ID), merge into the unsplit sweep.
 */
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { parse } from "yaml"
import { afterEach, describe, expect, it } from "vitest"
import { inProcess, scratchFolder } from "./cli.ts"

const read = (name: string) => readFileSync(fileURLToPath(new URL(`../../examples/cluster/${name}`, import.meta.url)), "utf8")
const readme = readFileSync(fileURLToPath(new URL("../../README.md", import.meta.url)), "utf8")
const folder = scratchFolder("scalecast-cluster-")
const sweep = inProcess("sweep")
const merge = inProcess("merge")

/** A command line as its words: double-quoted words kept whole, a `> file` redirection dropped. */
const words = (line: string): Array<string> => {
  const out = [...line.replace(/\s>\s.*$/, "").matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!)
  expect(out.slice(0, 2)).toEqual(["npx", "scalecast"])
  return out.slice(2)
}

interface Container {
  readonly args: ReadonlyArray<string>
}
interface JobSpec {
  readonly kind: string
  readonly spec: {
    readonly completionMode?: string
    readonly completions?: number
    readonly template: { readonly spec: { readonly containers: ReadonlyArray<Container> } }
  }
}

const job = parse(read("sweep-job.yaml")) as JobSpec
const mergeJob = parse(read("merge-job.yaml")) as JobSpec
const workflow = parse(read("sweep-workflow.yaml")) as {
  jobs: {
    shard: { strategy: { matrix: { shard: ReadonlyArray<number> } }; steps: ReadonlyArray<{ run?: string }> }
    merge: { steps: ReadonlyArray<{ run?: string }> }
  }
}
const slurm = read("sweep-slurm.sh")

const jobCommand = job.spec.template.spec.containers[0]!.args[0]!
const workflowCommand = workflow.jobs.shard.steps.find((s) => s.run?.includes("scalecast sweep"))!.run!
const slurmCommand = slurm.split("\n").find((l) => l.startsWith("npx scalecast sweep"))!

const saved = { ...process.env }
afterEach(() => {
  for (const name of ["JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID"]) if (saved[name] === undefined) delete process.env[name]
})

describe("examples/cluster", () => {
  it("the Indexed Job runs one shard per completion, and the merge Job merges the parts", () => {
    expect(job.kind).toBe("Job")
    expect(job.spec.completionMode).toBe("Indexed")
    expect(jobCommand).toContain(`--shard auto/${job.spec.completions}`)
    expect(jobCommand).toContain("> /parts/part-$JOB_COMPLETION_INDEX.json")
    expect(mergeJob.spec.template.spec.containers[0]!.args[0]).toContain("npx scalecast merge /parts/part-*.json")
  })

  it("the workflow's matrix has as many shards as its --shard count; the Slurm array as many tasks", () => {
    const shards = workflow.jobs.shard.strategy.matrix.shard
    expect(workflowCommand).toContain(`--shard \${{ matrix.shard }}/${shards.length}`)
    expect(shards).toEqual(Array.from({ length: shards.length }, (_, i) => i + 1))
    expect(workflow.jobs.merge.steps.some((s) => s.run === "npx scalecast merge part-*.json --html sweep.html")).toBe(true)
    expect(slurm).toContain("#SBATCH --array=0-3")
    expect(slurmCommand).toContain("--shard auto/4")
  })

  it("the README shows these commands", () => {
    for (const command of [jobCommand, workflowCommand, slurmCommand, "npx scalecast merge part-*.json --html sweep.html"]) expect(readme).toContain(command)
  })

  it("run shard by shard with each engine's index, the parts are the same and merge into the unsplit sweep", { timeout: 120_000 }, async () => {
    const unsplit = words(workflowCommand.replace(/ --shard \$\{\{ matrix\.shard \}\}\/\d+/, ""))
    expect(unsplit).not.toContain("--shard")
    const whole = await sweep([...unsplit.slice(1), "--json"])
    expect(whole.exitCode, whole.stderr).toBe(0)
    const parts: Array<string> = []
    for (const shard of workflow.jobs.shard.strategy.matrix.shard) {
      const fromMatrix = await sweep(words(workflowCommand.replaceAll("${{ matrix.shard }}", String(shard))).slice(1))
      expect(fromMatrix.exitCode, fromMatrix.stderr).toBe(0)
      process.env.JOB_COMPLETION_INDEX = String(shard - 1)
      const fromJob = await sweep(words(jobCommand).slice(1))
      delete process.env.JOB_COMPLETION_INDEX
      process.env.SLURM_ARRAY_TASK_ID = String(shard - 1)
      const fromSlurm = await sweep(words(slurmCommand).slice(1))
      delete process.env.SLURM_ARRAY_TASK_ID
      expect(fromJob.stdout).toBe(fromMatrix.stdout)
      expect(fromSlurm.stdout).toBe(fromMatrix.stdout)
      parts.push(folder.file(`part-${shard}.json`, fromMatrix.stdout))
    }
    const merged = await merge([...parts, "--json"])
    expect(merged.exitCode, merged.stderr).toBe(0)
    expect(merged.stdout).toBe(whole.stdout)
  })
})

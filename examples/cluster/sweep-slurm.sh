#!/usr/bin/env bash
# A sharded sweep as a Slurm job array: `sbatch sweep-slurm.sh` from the project folder runs 4
# shards (SLURM_ARRAY_TASK_ID 0–3, read by --shard auto/4); then merge the parts:
#   npx scalecast merge parts/part-*.json --html sweep.html
#SBATCH --job-name=scalecast-sweep
#SBATCH --array=0-3
#SBATCH --cpus-per-task=2
mkdir -p parts
npx scalecast sweep examples/scenarios/quickstart.yaml --vary scaling.value=2,4,8 --vary workers.max=3,5 --replications 4 --duration 600 --slo "endToEnd.p95<=8" --shard auto/4 > "parts/part-${SLURM_ARRAY_TASK_ID}.json"

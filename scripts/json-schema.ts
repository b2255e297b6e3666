/** Writes schema/scenario.schema.json from the scenario Schema (`npm run schema`). */
import { writeFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { scenarioJsonSchema } from "../src/models/ScenarioJsonSchema.ts"

const out = fileURLToPath(new URL("../schema/scenario.schema.json", import.meta.url))
writeFileSync(out, scenarioJsonSchema())
console.log(`wrote ${out}`)

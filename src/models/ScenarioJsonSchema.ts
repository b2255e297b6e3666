/**
 * ScenarioJsonSchema: the JSON Schema (draft 2020-12) of the scenario format, generated from the
 * same Effect Schemas that decode scenarios, for editor completion (`"$schema"` in a scenario file
 * or a YAML language-server comment). The `endpoint` field accepts any dialect's config.
 */
import { Schema } from "effect"
import { FlashEndpoint } from "./dialects/FlashSdk.ts"
import { GraphQLEndpoint } from "./dialects/GraphQL.ts"
import { V1Endpoint } from "./dialects/V1Rest.ts"
import { CreateEndpointRequest, EndpointObject } from "./dialects/V2.ts"
import { ScenarioInput } from "./Scenario.ts"

const EditorScenario = Schema.Struct({
  ...ScenarioInput.fields,
  endpoint: Schema.Union([CreateEndpointRequest, EndpointObject, V1Endpoint, GraphQLEndpoint, FlashEndpoint]).annotate({
    description: "An endpoint config in any dialect scalecast reads: v2 create request or Endpoint object, v1 REST, GraphQL saveEndpoint, Flash SDK parameters."
  })
})

/** The scenario JSON Schema document, as stable pretty-printed JSON. */
export const scenarioJsonSchema = (): string => {
  const doc = Schema.toJsonSchemaDocument(EditorScenario)
  const definitions = doc.definitions as Record<string, unknown>
  return `${JSON.stringify(
    {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      title: "scalecast scenario",
      ...(doc.schema as object),
      ...(Object.keys(definitions).length > 0 ? { $defs: definitions } : {})
    },
    null,
    2
  )}\n`
}

/**
 * DataCenters: RunPod's data center ids (the v1 REST enum, as of the seed documents) and the
 * country each is in. scalecast records `dataCenterIds` but does not model them: data centers
 * would narrow pool capacity, which is a `platform.pools` setting.
 */

/** RunPod's data center ids (the v1 REST enum). */
export const dataCenterIds = [
  "EU-RO-1",
  "CA-MTL-1",
  "EU-SE-1",
  "US-IL-1",
  "EUR-IS-1",
  "EU-CZ-1",
  "US-TX-3",
  "EUR-IS-2",
  "US-KS-2",
  "US-GA-2",
  "US-WA-1",
  "US-TX-1",
  "CA-MTL-3",
  "EU-NL-1",
  "US-TX-4",
  "US-CA-2",
  "US-NC-1",
  "OC-AU-1",
  "US-DE-1",
  "EUR-IS-3",
  "CA-MTL-2",
  "AP-JP-1",
  "EUR-NO-1",
  "EU-FR-1",
  "US-KS-3",
  "US-GA-1"
] as const

/** The ISO country code of a data center id: `US-TX-3` → US, `EU-RO-1` → RO, `OC-AU-1` → AU. */
export const countryOf = (dataCenterId: string): string => {
  const [region, second] = dataCenterId.split("-")
  return region === "US" || region === "CA" ? region : (second ?? region ?? "")
}

/** DataCenters: the v1 data center ids and the ISO country of each (US/CA first, otherwise the second part). */
import { describe, expect, it } from "vitest"
import { countryOf, dataCenterIds } from "../../src/models/DataCenters.ts"

describe("dataCenterIds", () => {
  it("are 26 distinct ids shaped REGION-PLACE-N", () => {
    expect(dataCenterIds).toHaveLength(26)
    expect(new Set(dataCenterIds).size).toBe(26)
    for (const id of dataCenterIds) expect(id).toMatch(/^[A-Z]{2,3}-[A-Z]{2,3}-\d$/)
  })
})

describe("countryOf", () => {
  it("reads the examples of its documentation", () => {
    expect(countryOf("US-TX-3")).toBe("US")
    expect(countryOf("EU-RO-1")).toBe("RO")
    expect(countryOf("OC-AU-1")).toBe("AU")
  })

  it("a US or Canadian id names its state or province second, not a country", () => {
    expect(countryOf("US-CA-2")).toBe("US") // California, not Canada
    expect(countryOf("US-DE-1")).toBe("US") // Delaware, not Germany
    expect(countryOf("CA-MTL-1")).toBe("CA") // Montréal
  })

  it("the other regions name the country second", () => {
    expect(countryOf("EUR-IS-2")).toBe("IS")
    expect(countryOf("EUR-NO-1")).toBe("NO")
    expect(countryOf("AP-JP-1")).toBe("JP")
    expect(countryOf("EU-FR-1")).toBe("FR")
  })

  it("maps the 26 data centers to 11 countries: 12 in the US, 3 each in Canada and Iceland, one elsewhere", () => {
    const counts = new Map<string, number>()
    for (const id of dataCenterIds) counts.set(countryOf(id), (counts.get(countryOf(id)) ?? 0) + 1)
    expect(Object.fromEntries([...counts].sort())).toEqual({ AU: 1, CA: 3, CZ: 1, FR: 1, IS: 3, JP: 1, NL: 1, NO: 1, RO: 1, SE: 1, US: 12 })
  })
})

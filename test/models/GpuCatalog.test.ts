/** GpuCatalog: pool ids and their order, pool membership as runpod-model.md section 5 lists it, lookups by id and Flash enum name. */
import { fc, test } from "@fast-check/vitest"
import { describe, expect, it } from "vitest"
import {
  findGpuType,
  findGpuTypeByFlashName,
  flashEnumName,
  gpuCatalogAsOf,
  gpuTypes,
  isPoolId,
  poolIds,
  serverlessGpuTypeIds,
  type PoolId
} from "../../src/models/GpuCatalog.ts"

describe("pools", () => {
  it("are the v2 ids in the model document's order (the order GpuGroup.ANY expands to)", () => {
    expect(poolIds).toEqual([
      "AMPERE_16",
      "AMPERE_24",
      "ADA_24",
      "ADA_32_PRO",
      "AMPERE_48",
      "ADA_48_PRO",
      "AMPERE_80",
      "ADA_80_PRO",
      "HOPPER_141",
      "BLACKWELL_96",
      "BLACKWELL_180"
    ])
  })

  it("hold the GPUs runpod-model.md section 5 lists (A4500 in AMPERE_16 and L4 in AMPERE_24, as the Flash SDK has them)", () => {
    const members = (pool: PoolId) =>
      gpuTypes
        .filter((g) => g.pool === pool)
        .map((g) => g.id)
        .sort()
    expect(members("AMPERE_16")).toEqual(["NVIDIA RTX 2000 Ada Generation", "NVIDIA RTX 4000 Ada Generation", "NVIDIA RTX A4000", "NVIDIA RTX A4500"])
    expect(members("AMPERE_24")).toEqual(["NVIDIA GeForce RTX 3090", "NVIDIA L4", "NVIDIA RTX A5000"])
    expect(members("ADA_24")).toEqual(["NVIDIA GeForce RTX 4090"])
    expect(members("ADA_32_PRO")).toEqual(["NVIDIA GeForce RTX 5090"])
    expect(members("AMPERE_48")).toEqual(["NVIDIA A40", "NVIDIA RTX A6000"])
    expect(members("ADA_48_PRO")).toEqual(["NVIDIA L40", "NVIDIA L40S", "NVIDIA RTX 6000 Ada Generation"])
    expect(members("AMPERE_80")).toEqual(["NVIDIA A100 80GB PCIe", "NVIDIA A100-SXM4-80GB"])
    expect(members("ADA_80_PRO")).toEqual(["NVIDIA H100 80GB HBM3", "NVIDIA H100 NVL", "NVIDIA H100 PCIe"])
    expect(members("HOPPER_141")).toEqual(["NVIDIA H200"])
    expect(members("BLACKWELL_96")).toHaveLength(3)
    expect(members("BLACKWELL_96").every((id) => id.startsWith("NVIDIA RTX PRO 6000 Blackwell"))).toBe(true)
    expect(members("BLACKWELL_180")).toEqual(["NVIDIA B200"])
  })

  it("are named by the smallest VRAM among their GPUs", () => {
    for (const pool of poolIds) {
      const vram = gpuTypes.filter((g) => g.pool === pool).map((g) => g.vramGb)
      expect(Math.min(...vram), pool).toBe(Number(pool.split("_")[1]))
    }
  })

  it("isPoolId accepts exactly the pool ids", () => {
    for (const pool of poolIds) expect(isPoolId(pool)).toBe(true)
    expect(isPoolId("ada_24")).toBe(false)
    expect(isPoolId("ADA_24 ")).toBe(false)
    expect(isPoolId("NVIDIA GeForce RTX 4090")).toBe(false)
    expect(isPoolId("")).toBe(false)
  })
})

describe("GPU types", () => {
  it("have unique ids, positive VRAM, and a dated table", () => {
    expect(new Set(gpuTypes.map((g) => g.id)).size).toBe(gpuTypes.length)
    expect(gpuTypes.every((g) => g.vramGb > 0)).toBe(true)
    expect(gpuCatalogAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  })

  it("findGpuType looks up RunPod's exact id", () => {
    expect(findGpuType("NVIDIA GeForce RTX 4090")).toEqual({ id: "NVIDIA GeForce RTX 4090", vramGb: 24, pool: "ADA_24" })
    expect(findGpuType("NVIDIA H100 NVL")).toEqual({ id: "NVIDIA H100 NVL", vramGb: 94, pool: "ADA_80_PRO" })
    expect(findGpuType("Tesla T4")).toEqual({ id: "Tesla T4", vramGb: 16, pool: null }) // Pods only
    expect(findGpuType("nvidia geforce rtx 4090")).toBeUndefined()
    expect(findGpuType("RTX 4090")).toBeUndefined()
  })

  it("serverlessGpuTypeIds lists the types some pool offers, and only those", () => {
    const ids = serverlessGpuTypeIds()
    expect(ids).toContain("NVIDIA L4")
    expect(ids).toContain("NVIDIA B200")
    expect(ids).not.toContain("Tesla T4")
    expect(ids).not.toContain("NVIDIA H200 NVL")
    expect(ids).toHaveLength(24) // 4 + 3 + 1 + 1 + 2 + 3 + 2 + 3 + 1 + 3 + 1 in the eleven pools
    expect(ids.every((id) => findGpuType(id)?.pool !== null)).toBe(true)
  })
})

describe("Flash SDK names", () => {
  it("turn an id into the enum member name", () => {
    expect(flashEnumName("NVIDIA A100 80GB PCIe")).toBe("NVIDIA_A100_80GB_PCIE")
    expect(flashEnumName("NVIDIA A100-SXM4-80GB")).toBe("NVIDIA_A100_SXM4_80GB")
    expect(flashEnumName("NVIDIA GeForce RTX 4090")).toBe("NVIDIA_GEFORCE_RTX_4090")
  })

  it("find the GPUs the Flash docs name, case-insensitively", () => {
    // GpuType.NVIDIA_A100_80GB_PCIe, GpuType.NVIDIA_GEFORCE_RTX_4090, GpuType.NVIDIA_RTX_A6000 from the Flash parameters page
    expect(findGpuTypeByFlashName("NVIDIA_A100_80GB_PCIe")?.id).toBe("NVIDIA A100 80GB PCIe")
    expect(findGpuTypeByFlashName("NVIDIA_GEFORCE_RTX_4090")?.pool).toBe("ADA_24")
    expect(findGpuTypeByFlashName("NVIDIA_RTX_A6000")?.pool).toBe("AMPERE_48")
    expect(findGpuTypeByFlashName("nvidia_l4")?.id).toBe("NVIDIA L4")
    expect(findGpuTypeByFlashName("NVIDIA_RTX_4090")).toBeUndefined()
  })

  it("are unique, so every GPU type can be named", () => {
    expect(new Set(gpuTypes.map((g) => flashEnumName(g.id))).size).toBe(gpuTypes.length)
  })

  test.prop([fc.constantFrom(...gpuTypes), fc.func(fc.boolean())])("every GPU type is found by its id and by its enum name in any case", (g, upper) => {
    expect(findGpuType(g.id)).toBe(g)
    const name = [...flashEnumName(g.id)].map((c, i) => (upper(i) ? c.toUpperCase() : c.toLowerCase())).join("")
    expect(findGpuTypeByFlashName(name)).toBe(g)
  })
})

/**
 * GpuCatalog: every GPU type id RunPod's v1 REST API accepts (`gpuTypeIds` enum), with its VRAM and
 * the Serverless pool it belongs to, as one dated data table.
 *
 * Invariants: pool ids are the v2 API's `gpu.pools` ids; a GPU type that no Serverless pool offers
 * has `pool: null` (RunPod lists it for Pods only). Pool order in `poolIds` is the order of the
 * model document (section 5), which is also the order `GpuGroup.ANY` expands to.
 *
 * Sources: docs.runpod.io/references/gpu-types (VRAM), docs.runpod.io/references/gpu-types and
 * github.com/runpod/flash gpu.py (pool membership). They disagree on L4 and RTX A4500; this table
 * follows the Flash SDK (A4500 in AMPERE_16, L4 in AMPERE_24).
 */

/** The date the table below was checked against its sources. */
export const gpuCatalogAsOf = "2026-08-15"

/** Serverless GPU pool ids, in the model document's order. */
export const poolIds = [
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
] as const

export type PoolId = (typeof poolIds)[number]

export interface GpuType {
  /** RunPod's GPU type id, as in v1 `gpuTypeIds` (e.g. "NVIDIA GeForce RTX 4090"). */
  readonly id: string
  readonly vramGb: number
  /** The Serverless pool offering this GPU, or null when Serverless does not offer it. */
  readonly pool: PoolId | null
}

const t = (id: string, vramGb: number, pool: PoolId | null): GpuType => ({ id, vramGb, pool })

/** Every GPU type id in the v1 REST seed's enum (duplicates in the enum appear once here). */
export const gpuTypes: ReadonlyArray<GpuType> = [
  t("NVIDIA RTX A4000", 16, "AMPERE_16"),
  t("NVIDIA RTX A4500", 20, "AMPERE_16"),
  t("NVIDIA RTX 4000 Ada Generation", 20, "AMPERE_16"),
  t("NVIDIA RTX 2000 Ada Generation", 16, "AMPERE_16"),
  t("NVIDIA L4", 24, "AMPERE_24"),
  t("NVIDIA RTX A5000", 24, "AMPERE_24"),
  t("NVIDIA GeForce RTX 3090", 24, "AMPERE_24"),
  t("NVIDIA GeForce RTX 4090", 24, "ADA_24"),
  t("NVIDIA GeForce RTX 5090", 32, "ADA_32_PRO"),
  t("NVIDIA RTX A6000", 48, "AMPERE_48"),
  t("NVIDIA A40", 48, "AMPERE_48"),
  t("NVIDIA L40", 48, "ADA_48_PRO"),
  t("NVIDIA L40S", 48, "ADA_48_PRO"),
  t("NVIDIA RTX 6000 Ada Generation", 48, "ADA_48_PRO"),
  t("NVIDIA A100 80GB PCIe", 80, "AMPERE_80"),
  t("NVIDIA A100-SXM4-80GB", 80, "AMPERE_80"),
  t("NVIDIA H100 PCIe", 80, "ADA_80_PRO"),
  t("NVIDIA H100 80GB HBM3", 80, "ADA_80_PRO"),
  t("NVIDIA H100 NVL", 94, "ADA_80_PRO"),
  t("NVIDIA H200", 141, "HOPPER_141"),
  t("NVIDIA RTX PRO 6000 Blackwell Server Edition", 96, "BLACKWELL_96"),
  t("NVIDIA RTX PRO 6000 Blackwell Workstation Edition", 96, "BLACKWELL_96"),
  t("NVIDIA RTX PRO 6000 Blackwell Max-Q Workstation Edition", 96, "BLACKWELL_96"),
  t("NVIDIA B200", 180, "BLACKWELL_180"),
  t("NVIDIA H200 NVL", 143, null),
  t("NVIDIA GeForce RTX 3080 Ti", 12, null),
  t("NVIDIA GeForce RTX 3080TI", 12, null),
  t("NVIDIA GeForce RTX 3080", 10, null),
  t("NVIDIA GeForce RTX 3070", 8, null),
  t("NVIDIA GeForce RTX 3090 Ti", 24, null),
  t("NVIDIA GeForce RTX 4070 Ti", 12, null),
  t("NVIDIA GeForce RTX 4080", 16, null),
  t("NVIDIA GeForce RTX 4080 SUPER", 16, null),
  t("NVIDIA GeForce RTX 5080", 16, null),
  t("NVIDIA RTX 4000 SFF Ada Generation", 20, null),
  t("NVIDIA RTX 5000 Ada Generation", 32, null),
  t("NVIDIA A5000 Ada", 32, null),
  t("NVIDIA RTX A2000", 12, null),
  t("NVIDIA A30", 24, null),
  t("NVIDIA RTX A30", 24, null),
  t("AMD Instinct MI300X OAM", 192, null),
  t("Tesla V100-PCIE-16GB", 16, null),
  t("Tesla V100-PCIE-32GB", 32, null),
  t("Tesla V100-FHHL-16GB", 16, null),
  t("Tesla V100-SXM2-16GB", 16, null),
  t("Tesla V100-SXM2-32GB", 32, null),
  t("Tesla T4", 16, null)
]

const byId = new Map(gpuTypes.map((g) => [g.id, g]))

/** Looks a GPU type up by its exact RunPod id. */
export const findGpuType = (id: string): GpuType | undefined => byId.get(id)

/** True when `id` is a Serverless pool id. */
export const isPoolId = (id: string): id is PoolId => (poolIds as ReadonlyArray<string>).includes(id)

/** The Flash SDK's enum member name for a GPU type id, compared case-insensitively
 * (`GpuType.NVIDIA_A100_80GB_PCIe` is "NVIDIA A100 80GB PCIe"). */
export const flashEnumName = (id: string): string => id.replace(/[^A-Za-z0-9]+/g, "_").toUpperCase()

const byFlashName = new Map(gpuTypes.map((g) => [flashEnumName(g.id), g]))

/** Looks a GPU type up by its Flash SDK enum member name (case-insensitive). */
export const findGpuTypeByFlashName = (name: string): GpuType | undefined => byFlashName.get(name.toUpperCase())

/** The GPU type ids that some Serverless pool offers, for error messages. */
export const serverlessGpuTypeIds = (): ReadonlyArray<string> => gpuTypes.filter((g) => g.pool !== null).map((g) => g.id)

/**
 * scalecast as a library: decode a scenario, simulate it, read the report. Every model the engine
 * runs is a required service (`Scalers`, `Dispatchers`, `ColdStarts`, `Placements`,
 * `PriceCatalogs`: `Models`); `RunPodModels` provides RunPod's, and `Layer.succeed(Scalers,
 * myFactory)` on top of it plugs in your own to compare with RunPod's under identical traffic.
 */
export { simulate, loadScenario, runScenario, ScenarioError } from "./sim/simulate.ts"
export { RunPool, runOnPool, ModelsInWorkerThreads, type RunTask, type PoolOutcome } from "./sim/RunPool.ts"
export type { SimResult, LatencySummary } from "./sim/SimResult.ts"
export type { ScenarioInput, Scenario } from "./models/Scenario.ts"
export { RunPodModels, type Models } from "./models/Models.ts"
export { Scalers, runpodScalers, type ScalerFactory } from "./models/scalers/Scalers.ts"
export type { Scaler, ScalerObservation } from "./models/scalers/Scaler.ts"
export { queueDelayScaler } from "./models/scalers/QueueDelay.ts"
export { requestCountScaler, requestCountTarget } from "./models/scalers/RequestCount.ts"
export { Dispatchers, dispatchers, runpodDispatchers, type Dispatcher, type DispatcherFactory } from "./models/Dispatch.ts"
export { ColdStarts, runpodColdStart, type ColdStartFactory, type ColdStartModel } from "./models/ColdStart.ts"
export { Placements, firstFit, type PoolPlacement } from "./models/GpuPools.ts"
export { PriceCatalogs } from "./models/Billing.ts"
export { defaultPriceCatalog, type PriceCatalog } from "./models/PriceCatalog.ts"
export { readEndpointConfig } from "./models/dialects/Dialect.ts"
export { backtest, type Backtest } from "./sim/Backtest.ts"
export { calibrate, calibrationDefaults, type Calibration, type CalibrationOptions } from "./sim/Calibrate.ts"
export { JobLog } from "./sim/JobLog.ts"
export { readJobRecords, type JobRecords } from "./models/records/JobRecords.ts"
export { readHealthPolls, type HealthPolls } from "./models/records/HealthPolls.ts"
export { textSummary, useColor } from "./report/TextSummary.ts"
export { htmlReport } from "./report/Html.ts"
export { markdownReport } from "./report/Markdown.ts"

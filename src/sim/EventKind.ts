/**
 * EventKind: the kinds of events on the engine's heap. Each event carries two integers: a worker or
 * job slot and its generation (a stale event's generation no longer matches), or a pool and the
 * index of a step of its capacity schedule.
 */
export const ARRIVAL = 1
export const WORKER_READY = 2
export const JOB_DONE = 3
export const JOB_TIMEOUT = 4
export const IDLE_TIMEOUT = 5
export const SCALER_TICK = 6
export const EXPIRE = 7
export const CAPACITY = 8
export const UNHEALTHY = 9

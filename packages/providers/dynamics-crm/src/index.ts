export type { DataverseMessage, DynamicsCrmEvents, RemoteExecutionContext } from "./events.js";
export { type DynamicsCrmOptions, type DynamicsCrmReceiver, dynamicsCrm } from "./receiver.js";

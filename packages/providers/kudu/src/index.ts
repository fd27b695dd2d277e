export type { KuduEvents, KuduNotification } from "./events.js";
export { type KuduOptions, type KuduReceiver, kudu } from "./receiver.js";

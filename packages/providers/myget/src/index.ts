export type { MyGetBuild, MyGetEnvelope, MyGetEvents, MyGetPackage } from "./events.js";
export { type MyGetOptions, type MyGetReceiver, myget } from "./receiver.js";

export type { MyGetBuild, MyGetEvents, MyGetPackage } from "./events.js";
export { type MyGetOptions, type MyGetReceiver, myget } from "./receiver.js";
export { mygetTestRequest } from "./testing.js";

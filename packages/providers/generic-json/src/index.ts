export type { GenericJsonEvents, IftttValues } from "./events.js";
export {
  type GenericJsonFormat,
  type GenericJsonOptions,
  type GenericJsonReceiver,
  genericJson,
} from "./receiver.js";

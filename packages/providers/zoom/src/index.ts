export type {
  ZoomEventName,
  ZoomEvents,
  ZoomMeeting,
  ZoomNotification,
  ZoomParticipant,
  ZoomRecordingFile,
  ZoomUrlValidation,
  ZoomUser,
} from "./events.js";
export { type ZoomOptions, type ZoomReceiver, zoom, zoomUrlValidationAnswer } from "./receiver.js";
export { type ZoomSchemeOptions, zoomScheme, zoomSchemeWith } from "./scheme.js";

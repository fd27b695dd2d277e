export type {
  DropboxDeltaNotification,
  DropboxEventName,
  DropboxEvents,
  DropboxNotification,
  DropboxTeamDeltaNotification,
  DropboxTeamNotification,
} from "./events.js";
export { type DropboxOptions, type DropboxReceiver, dropbox } from "./receiver.js";
export { dropboxSignature, dropboxTestRequest } from "./testing.js";

export type {
  DropboxDeltaNotification,
  DropboxEventName,
  DropboxEvents,
  DropboxNotification,
  DropboxTeamDeltaNotification,
  DropboxTeamNotification,
} from "./events.js";
export { type DropboxOptions, type DropboxReceiver, dropbox } from "./receiver.js";
export { dropboxScheme } from "./scheme.js";

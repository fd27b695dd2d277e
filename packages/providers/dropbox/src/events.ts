/**
 * A Dropbox notification for user apps: the accounts whose files changed (call
 * `files/list_folder/continue` for each), and the legacy numeric user ids of the v1 `delta` API.
 *
 * @example
 * ```ts
 * hooks.on("dropbox", "list_folder", (event) => event.payload.list_folder.accounts);
 * ```
 */
export interface DropboxNotification {
  list_folder: { accounts: string[] };
  /** Sent alongside `list_folder` by Dropbox for apps built on the retired v1 API. */
  delta?: { users: number[] };
}

/**
 * The legacy notification, as the v1 API (and ASP.NET WebHooks) knew it: numeric user ids only.
 *
 * @example
 * ```ts
 * hooks.on("dropbox", "delta", (event) => event.payload.delta.users);
 * ```
 */
export interface DropboxDeltaNotification {
  delta: { users: number[] };
}

/**
 * A notification for a team-linked app (Dropbox Business API, "Team member file access"): per team
 * id (`dbtid:…`), the team member ids (`dbmid:…`) whose files changed. `event.meta.members` lists
 * them all.
 *
 * @example
 * ```ts
 * hooks.on("dropbox", "team.list_folder", (event) => Object.entries(event.payload.list_folder.teams));
 * ```
 */
export interface DropboxTeamNotification {
  list_folder: { teams: Record<string, string[]> };
  delta?: { teams: Record<string, string[]> };
}

/**
 * A team-linked app's notification with only the older `delta.teams`.
 *
 * @example
 * ```ts
 * hooks.on("dropbox", "team.delta", (event) => event.payload.delta.teams);
 * ```
 */
export interface DropboxTeamDeltaNotification {
  delta: { teams: Record<string, string[]> };
}

/**
 * Dropbox's notifications by Hookwire name: `list_folder` when the body has `list_folder.accounts`
 * (every current notification of a user-linked app), `delta` when it only has the older
 * `delta.users`; for team-linked apps `team.list_folder` (`list_folder.teams`) and `team.delta`.
 *
 * @example
 * ```ts
 * type Changed = DropboxEvents["list_folder"]["list_folder"]["accounts"]; // string[]
 * ```
 */
export type DropboxEvents = {
  list_folder: DropboxNotification;
  delta: DropboxDeltaNotification;
  "team.list_folder": DropboxTeamNotification;
  "team.delta": DropboxTeamDeltaNotification;
};

/** A Dropbox event name Hookwire knows. */
export type DropboxEventName = keyof DropboxEvents & string;

/**
 * Zoom's webhook body: `event` names it, `event_ts` is when it happened (ms), `payload.object` is
 * the meeting, webinar, recording or user it is about. Written from Zoom's webhook reference
 * (developers.zoom.us/docs/api/webhooks) and the examples in test/fixtures.
 */
export interface ZoomNotification<E extends string, O> {
  /** The event name (`meeting.started`). */
  event: E;
  /** When the event happened, in milliseconds since the epoch. */
  event_ts: number;
  payload: {
    /** The account the event belongs to. */
    account_id: string;
    /** The user who caused the change, on events a user triggers. */
    operator?: string;
    operator_id?: string;
    operation?: string;
    /** The object the event is about. */
    object: O;
    /** Its state before the change, on `*.updated` events. */
    old_object?: Partial<O>;
    time_stamp?: number;
  };
  /** Recording events only: a token to download the files with. */
  download_token?: string;
}

/** A meeting (or webinar) as Zoom describes it in events. */
export interface ZoomMeeting {
  /** The meeting number. */
  id: number | string;
  /** The unique id of this occurrence of the meeting. */
  uuid: string;
  host_id: string;
  topic: string;
  /** 1 instant, 2 scheduled, 3 recurring without a fixed time, 4 PMI, 8 recurring with a fixed time. */
  type: number;
  start_time?: string;
  end_time?: string;
  timezone?: string;
  duration?: number;
  [field: string]: unknown;
}

/** A participant in `meeting.participant_joined` / `_left`. */
export interface ZoomParticipant {
  user_id: string;
  user_name: string;
  id?: string;
  participant_uuid?: string;
  email?: string;
  join_time?: string;
  leave_time?: string;
  leave_reason?: string;
  [field: string]: unknown;
}

/** One recording file of `recording.completed`. */
export interface ZoomRecordingFile {
  id: string;
  meeting_id: string;
  recording_start: string;
  recording_end: string;
  file_type: string;
  file_size: number;
  file_extension?: string;
  play_url?: string;
  download_url: string;
  status: string;
  recording_type: string;
  [field: string]: unknown;
}

/** A user of the account. */
export interface ZoomUser {
  id: string;
  first_name?: string;
  last_name?: string;
  display_name?: string;
  email: string;
  type?: number;
  [field: string]: unknown;
}

/** The `endpoint.url_validation` challenge (answered by the receiver, see the README). */
export interface ZoomUrlValidation {
  event: "endpoint.url_validation";
  event_ts: number;
  payload: { plainToken: string };
}

type Meeting<E extends string> = ZoomNotification<E, ZoomMeeting>;
type WithParticipant<E extends string> = ZoomNotification<E, ZoomMeeting & { participant: ZoomParticipant }>;
type Recording<E extends string> = ZoomNotification<
  E,
  ZoomMeeting & {
    total_size?: number;
    recording_count?: number;
    share_url?: string;
    recording_files: ZoomRecordingFile[];
  }
>;

/**
 * Zoom's webhook events by the name in the body's `event` field (`meeting.started`). Events not
 * listed here still arrive, untyped, through the `*` handler.
 *
 * @example
 * ```ts
 * type Started = ZoomEvents["meeting.started"]["payload"]["object"]; // ZoomMeeting
 * ```
 */
export type ZoomEvents = {
  "endpoint.url_validation": ZoomUrlValidation;
  "meeting.created": Meeting<"meeting.created">;
  "meeting.updated": Meeting<"meeting.updated">;
  "meeting.deleted": Meeting<"meeting.deleted">;
  "meeting.started": Meeting<"meeting.started">;
  "meeting.ended": Meeting<"meeting.ended">;
  "meeting.participant_joined": WithParticipant<"meeting.participant_joined">;
  "meeting.participant_left": WithParticipant<"meeting.participant_left">;
  "meeting.participant_jbh_waiting": WithParticipant<"meeting.participant_jbh_waiting">;
  "meeting.participant_joined_waiting_room": WithParticipant<"meeting.participant_joined_waiting_room">;
  "webinar.created": Meeting<"webinar.created">;
  "webinar.updated": Meeting<"webinar.updated">;
  "webinar.deleted": Meeting<"webinar.deleted">;
  "webinar.started": Meeting<"webinar.started">;
  "webinar.ended": Meeting<"webinar.ended">;
  "webinar.participant_joined": WithParticipant<"webinar.participant_joined">;
  "webinar.participant_left": WithParticipant<"webinar.participant_left">;
  "recording.started": Meeting<"recording.started">;
  "recording.stopped": Meeting<"recording.stopped">;
  "recording.completed": Recording<"recording.completed">;
  "recording.trashed": Meeting<"recording.trashed">;
  "recording.deleted": Meeting<"recording.deleted">;
  "recording.transcript_completed": Recording<"recording.transcript_completed">;
  "user.created": ZoomNotification<"user.created", ZoomUser>;
  "user.updated": ZoomNotification<"user.updated", ZoomUser>;
  "user.deleted": ZoomNotification<"user.deleted", ZoomUser>;
  "user.activated": ZoomNotification<"user.activated", ZoomUser>;
  "user.deactivated": ZoomNotification<"user.deactivated", ZoomUser>;
  app_deauthorized: {
    event: "app_deauthorized";
    event_ts: number;
    payload: {
      account_id: string;
      user_id: string;
      signature: string;
      deauthorization_time: string;
      client_id: string;
    };
  };
};

/** A Zoom event name Hookwire types. */
export type ZoomEventName = keyof ZoomEvents & string;

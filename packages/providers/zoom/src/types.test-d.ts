// Type tests, checked by `pnpm typecheck`: a wrong event name is a compile error; payloads are typed.
import { createWebhooks } from "@hookwire/core";
import { zoom } from "./receiver.js";

const hooks = createWebhooks({ receivers: { zoom: zoom({ secret: "s" }) } });

hooks.on("zoom", "meeting.started", (event) => {
  const topic: string = event.payload.payload.object.topic;
  const t: "meeting.started" = event.type;
  void topic;
  void t;
});
hooks.on("zoom", "recording.completed", (event) => {
  const url: string = event.payload.payload.object.recording_files[0]!.download_url;
  void url;
});
hooks.on("zoom", "meeting.participant_joined", (event) => {
  const name: string = event.payload.payload.object.participant.user_name;
  void name;
});
hooks.on("zoom", "*", (event) => {
  const type: string = event.type;
  void type;
});

// @ts-expect-error not a Zoom event
hooks.on("zoom", "meeting.startted", () => {});
hooks.on("zoom", "meeting.started", (event) => {
  // @ts-expect-error meeting.started has no recording files (an unknown extra field)
  const files: unknown[] = event.payload.payload.object.recording_files;
  void files;
});

// Type tests, checked by `pnpm typecheck`.
import { createWebhooks } from "@hookwire/core";
import type { IftttValues } from "./events.js";
import { genericJson } from "./receiver.js";

const untyped = createWebhooks({ receivers: { r: genericJson({ code: "x".repeat(32) }) } });
untyped.on("r", "change", (event) => {
  const value: unknown = event.payload;
  void value;
});

type MyEvents = { new_tweet: IftttValues; "zap.ran": { zapId: string } };
const typed = createWebhooks({ receivers: { r: genericJson<MyEvents>({ code: "x".repeat(32) }) } });
typed.on("r", "new_tweet", (event) => {
  const text: string | undefined = event.payload.value1;
  void text;
});
typed.on("r", "zap.*", (event) => {
  const id: string = event.payload.zapId;
  void id;
});
// @ts-expect-error not an event of the declared map
typed.on("r", "no.such.event", () => {});
// @ts-expect-error header values are secrets, not numbers
genericJson({ header: { "x-token": 42 } });

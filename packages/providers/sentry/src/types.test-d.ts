// Type tests, checked by `pnpm typecheck`: a wrong event name is a compile error; payloads are typed.
import { createWebhooks } from "@hookwire/core";
import { sentry } from "./receiver.js";

const hooks = createWebhooks({ receivers: { sentry: sentry({ secret: "s" }) } });

hooks.on("sentry", "issue.created", (event) => {
  const shortId: string = event.payload.data.issue.shortId;
  const t: "issue.created" = event.type;
  void shortId;
  void t;
});
hooks.on("sentry", "issue", (event) => {
  const title: string = event.payload.data.issue.title;
  void title;
});
hooks.on("sentry", "metric_alert.critical", (event) => {
  const name: string = event.payload.data.metric_alert.alert_rule.name;
  void name;
});
hooks.on("sentry", "*", (event) => {
  const type: string = event.type;
  void type;
});

// @ts-expect-error not a Sentry event (issue.created)
hooks.on("sentry", "issues.created", () => {});
// @ts-expect-error issues are archived, not ignored, since Sentry renamed the action
hooks.on("sentry", "issue.ignored", () => {});
hooks.on("sentry", "comment.created", (event) => {
  // @ts-expect-error comments carry no issue object
  void event.payload.data.issue.title;
});
hooks.on("sentry", "activity_alert.triggered", (event) => {
  const shortId: string = event.payload.data.issue.shortId;
  void shortId;
});

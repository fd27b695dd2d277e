import {
  defineSharedSecretReceiver,
  formToNested,
  parseForm,
  type Receiver,
  type SharedSecretOptions,
  WebhookError,
} from "@hookwire/core";
import type { WordPressEvents } from "./events.js";

const PACKAGE = "@hookwire/wordpress";

/** Options of {@link wordpress}. */
export interface WordPressOptions extends SharedSecretOptions {
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/**
 * An id for idempotency that changes when the content changes: `publish_post` fires again on every
 * edit of a published post, so the post `ID` alone would make a later edit look like a duplicate.
 * Comments fire once: their `comment_ID` is enough. Without a modification time there is no safe id.
 */
function eventId(hook: string, payload: Record<string, unknown>): string | undefined {
  if (hook === "comment_post")
    return typeof payload.comment_ID === "string" ? `comment:${payload.comment_ID}` : undefined;
  const modified = payload.post_modified_gmt ?? payload.post_modified;
  return typeof payload.ID === "string" && typeof modified === "string"
    ? `${hook}:${payload.ID}:${modified}`
    : undefined;
}

/** The WordPress.com / Jetpack receiver type. */
export type WordPressReceiver = Receiver<WordPressEvents, "wordpress">;

/**
 * A receiver for WordPress.com / Jetpack webhooks.
 *
 * WordPress.com and Jetpack sites POST form-encoded notifications (Settings → Webhooks). They are not signed:
 * the URL carries the `code` secret. The event type is the form field `hook` (`publish_post`,
 * `comment_post`…). The id is `comment:<comment_ID>` for comments and `<hook>:<ID>:<post_modified_gmt>`
 * for posts when those fields are selected (a post fires again on every edit); `meta.objectId` is the post or comment id.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { wordpress } from "@hookwire/wordpress";
 *
 * const hooks = createWebhooks({ receivers: { wordpress: wordpress({ code: process.env.WORDPRESS_WEBHOOK_CODE! }) } });
 * hooks.on("wordpress", "publish_post", async (event) => console.log(event.payload));
 * // webhook URL: https://your.app/webhooks/wordpress?code=<the same code>
 * ```
 */
export function wordpress(options: WordPressOptions): WordPressReceiver {
  return defineSharedSecretReceiver<WordPressEvents, "wordpress">({
    provider: "wordpress",
    packageName: PACKAGE,
    ...(options?.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    options,
    mediaTypes: ["application/x-www-form-urlencoded"],
    parse(request) {
      const payload = formToNested(parseForm(request.body));
      const type = payload.hook;
      if (typeof type !== "string" || type === "") {
        throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The body has no "hook".`);
      }
      return {
        type,
        id: eventId(type, payload),
        payload,
        meta: { objectId: payload.ID ?? payload.comment_ID },
      };
    },
  });
}

import { createRouteHandlers } from "@hookwire/next";
import { hooks } from "../../../../lib/webhooks";

// The same router on the Edge runtime (core and the providers use Web Crypto there).
export const runtime = "edge";

// POST /edge/webhooks/github, POST /edge/webhooks/stripe
export const { GET, HEAD, POST } = createRouteHandlers(hooks);

import { createRouteHandlers } from "@hookwire/next";
import { hooks } from "../../../lib/webhooks";

// POST /webhooks/github, POST /webhooks/stripe
export const { GET, HEAD, POST } = createRouteHandlers(hooks);

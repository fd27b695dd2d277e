import { createPagesHandler } from "@hookwire/next";
import { hooks } from "../../../lib/webhooks";

// The body parser must stay off so Hookwire verifies the raw bytes.
export const config = { api: { bodyParser: false } };

// POST /api/webhooks/github, POST /api/webhooks/stripe
export default createPagesHandler(hooks);

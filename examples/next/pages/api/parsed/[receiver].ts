import { createPagesHandler } from "@hookwire/next";
import { hooks } from "../../../lib/webhooks";

// Deliberately WITHOUT `export const config = { api: { bodyParser: false } }`: Next parses the body
// first, so Hookwire answers 500 RAW_BODY_UNAVAILABLE and says to add that line (the test checks it).
// Do not copy this file; copy pages/api/webhooks/[receiver].ts.
export default createPagesHandler(hooks);

import type { Server } from "node:http";
import { webhookMiddleware } from "@hookwire/express";
import express from "express";
import { createHooks } from "./webhooks.js";

/** Start the app on `port` (0 for any free port). */
export function start(port: number, log?: (line: string) => void): Promise<Server> {
  const app = express();
  app.use("/webhooks", webhookMiddleware(createHooks(log))); // before any body parser
  app.use(express.json());
  app.get("/", (_req, res) => {
    res.send("POST signed webhooks to /webhooks/github or /webhooks/stripe");
  });
  return new Promise((resolve) => {
    const server = app.listen(port, "127.0.0.1", () => resolve(server));
  });
}

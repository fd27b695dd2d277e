import { start } from "./app.js";

const port = Number(process.env.PORT ?? 3000);
await start(port);
console.log(
  `listening on http://127.0.0.1:${port} — POST signed webhooks to /webhooks/github and /webhooks/stripe`,
);

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createSender } from "@hookwire/sender";
import { runKillLoop } from "@hookwire/test-utils";
import { expect, it } from "vitest";
import { sqliteStore } from "../src/store.js";

it("loses nothing when worker processes are SIGKILLed again and again (2,000 events)", async () => {
  const filename = join(mkdtempSync(join(tmpdir(), "hookwire-kill-")), "kill.db");
  const sender = createSender({
    store: sqliteStore({ filename }),
    allowPrivateNetwork: true,
    allowHttp: true,
  });
  const result = await runKillLoop({
    sender,
    workerScript: fileURLToPath(new URL("./kill-worker.ts", import.meta.url)),
    config: { filename },
    events: 2_000,
    kills: 6,
  });
  await sender.close();
  // every kill landed after observed progress and before the last delivery
  expect(result.kills).toBe(6);
  expect(result.killsMidway).toBe(6);
  expect(result.receivedAtKills).toEqual([...result.receivedAtKills].sort((a, b) => a - b));
  expect(result.receivedAtKills.every((n) => n > 0 && n < 2_000)).toBe(true);
  expect(result.distinctReceived).toBe(2_000);
  expect(result.counts).toEqual({ pending: 0, delivered: 2_000, failed: 0 });
}, 400_000);

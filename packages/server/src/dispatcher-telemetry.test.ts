import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TelemetryOptions } from "@hookwire/opentelemetry";
import { expect, it } from "vitest";
import { createDispatcher } from "./dispatcher.js";

it("records OpenTelemetry spans of publish and attempts with the providers it is given", async () => {
  const names: string[] = [];
  const span = (name: string) => {
    names.push(name);
    return { setAttributes() {}, setStatus() {}, recordException() {}, end() {} };
  };
  const tracerProvider = {
    getTracer: () => ({
      startSpan: span,
      startActiveSpan: (name: string, _o: unknown, fn: (s: unknown) => unknown) => fn(span(name)),
    }),
  } as unknown as TelemetryOptions["tracerProvider"];
  const noop = { add() {}, record() {} };
  const meterProvider = {
    getMeter: () => ({ createCounter: () => noop, createHistogram: () => noop }),
  } as unknown as TelemetryOptions["meterProvider"];
  const dir = mkdtempSync(join(tmpdir(), "hookwire-telemetry-"));
  const dispatcher = createDispatcher({
    database: join(dir, "t.db"),
    apiKeys: [{ key: "telemetry-key-0123456789" }],
    worker: false,
    allowPrivateNetwork: true,
    allowHttp: true,
    retrySchedule: [0],
    fetch: (async () => new Response("ok")) as typeof fetch,
    telemetry: { tracerProvider, meterProvider },
  });
  try {
    await dispatcher.sender.subscriptions.create({ url: "http://127.0.0.1:9/a", eventTypes: ["*"] });
    await dispatcher.sender.publish({ type: "order.paid", data: {} });
    await dispatcher.sender.drain();
    expect(names).toEqual(["hookwire.publish", "hookwire.delivery.attempt"]);
  } finally {
    await dispatcher.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

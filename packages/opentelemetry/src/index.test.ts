import { createWebhooks, WebhookError } from "@hookwire/core";
import { createSender, memoryStore } from "@hookwire/sender";
import type { MeterProvider, TracerProvider } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { instrumentSender, receiveTelemetry } from "./index.js";

interface Recorded {
  name: string;
  attributes: Record<string, unknown>;
  status?: { code: number };
  start?: unknown;
  end?: unknown;
}

// A recording tracer and meter that implement just what the instrumentation calls.
function recorder() {
  const spans: Recorded[] = [];
  const points: { name: string; value: number; attributes: Record<string, unknown> }[] = [];
  const span = (name: string, opts: { attributes?: Record<string, unknown>; startTime?: unknown } = {}) => {
    const s: Recorded = { name, attributes: { ...opts.attributes }, start: opts.startTime };
    spans.push(s);
    return {
      setAttributes: (a: Record<string, unknown>) => Object.assign(s.attributes, a),
      setStatus: (st: { code: number }) => {
        s.status = st;
      },
      recordException: () => {},
      end: (t?: unknown) => {
        s.end = t ?? "now";
      },
    };
  };
  const tracer = {
    startSpan: span,
    startActiveSpan: (name: string, opts: never, fn: (s: unknown) => unknown) => fn(span(name, opts)),
  };
  const instrument = (name: string) => ({
    add: (value: number, attributes: Record<string, unknown> = {}) =>
      points.push({ name, value, attributes }),
    record: (value: number, attributes: Record<string, unknown> = {}) =>
      points.push({ name, value, attributes }),
  });
  const meter = { createCounter: instrument, createHistogram: instrument };
  return {
    spans,
    points,
    tracerProvider: { getTracer: () => tracer } as unknown as TracerProvider,
    meterProvider: { getMeter: () => meter } as unknown as MeterProvider,
  };
}

describe("instrumentSender", () => {
  it("records publish, attempts with their latency, retries and dead letters", async () => {
    let status = 500;
    const sender = createSender({
      store: memoryStore(),
      retrySchedule: [0, 0],
      allowPrivateNetwork: true,
      allowHttp: true,
      fetch: (async () => new Response("no", { status })) as typeof fetch,
    });
    const r = recorder();
    const telemetry = instrumentSender(sender, r);
    await sender.subscriptions.create({ url: "http://127.0.0.1:9/a", eventTypes: ["*"] });
    const published = await sender.publish({ type: "order.paid", data: {} });
    await sender.drain();
    await sender.drain();
    const publishSpan = r.spans.find((s) => s.name === "hookwire.publish")!;
    expect(publishSpan.attributes).toMatchObject({
      "hookwire.event.id": published.id,
      "hookwire.deliveries": 1,
    });
    const attempts = r.spans.filter((s) => s.name === "hookwire.delivery.attempt");
    expect(attempts.map((s) => s.attributes["hookwire.outcome"])).toEqual(["retry", "dead_letter"]);
    expect(
      attempts.every((s) => s.status?.code === 2 && s.attributes["http.response.status_code"] === 500),
    ).toBe(true);
    expect(typeof attempts[0]!.start).toBe("number");
    expect(r.points.filter((p) => p.name === "hookwire.sender.retries")).toHaveLength(1);
    expect(r.points.filter((p) => p.name === "hookwire.sender.dead_letters")).toHaveLength(1);
    expect(r.points.filter((p) => p.name === "hookwire.sender.attempt.duration")).toHaveLength(2);

    status = 200;
    const [dead] = (await sender.deliveries.list({ status: "failed" })).items;
    await sender.deliveries.retry(dead!.id);
    await sender.drain();
    expect(
      r.spans.filter((s) => s.name === "hookwire.delivery.attempt").at(-1)!.attributes["hookwire.outcome"],
    ).toBe("success");
    telemetry.close();
    await sender.publish({ type: "order.paid", data: {} });
    expect(r.spans.filter((s) => s.name === "hookwire.publish")).toHaveLength(1);
    await sender.close();
  });

  it("is a no-op with the global (no-op) providers of @opentelemetry/api", async () => {
    const sender = createSender({ store: memoryStore() });
    const telemetry = instrumentSender(sender);
    await telemetry.ready;
    const result = await sender.publish({ type: "x", data: {} });
    expect(result.deliveries).toBe(0);
    telemetry.close();
    await sender.close();
  });
});

describe("receiveTelemetry", () => {
  it("counts refusals by code through onError and times handlers", async () => {
    const r = recorder();
    const telemetry = receiveTelemetry(r);
    const seen: string[] = [];
    const receiver = {
      provider: "acme",
      async verify(request: { headers: { get(n: string): string | null }; body: Uint8Array }) {
        if (request.headers.get("x-ok") !== "yes") throw new WebhookError("SIGNATURE_INVALID", "bad");
        return { provider: "acme", type: "thing.done", id: "e1", payload: {}, receivedAt: new Date() };
      },
    };
    const hooks = createWebhooks({
      receivers: { acme: receiver as never },
      onError: telemetry.onError((error) => {
        seen.push(error.code);
      }),
    });
    hooks.on("acme" as never, "thing.done" as never, telemetry.handler(async () => {}) as never);
    const post = (ok: boolean) =>
      hooks.handle(
        new Request("http://127.0.0.1/webhooks/acme", {
          method: "POST",
          headers: { "content-type": "application/json", ...(ok ? { "x-ok": "yes" } : {}) },
          body: "{}",
        }),
      );
    expect((await post(false)).status).toBe(401);
    expect((await post(true)).status).toBeLessThan(300);
    expect(seen).toEqual(["SIGNATURE_INVALID"]);
    expect(r.points.find((p) => p.name === "hookwire.receiver.refused")!.attributes).toEqual({
      "hookwire.receiver": "acme",
      "hookwire.phase": "verify",
      "hookwire.error.code": "SIGNATURE_INVALID",
    });
    expect(r.points.filter((p) => p.name === "hookwire.receiver.verified")).toHaveLength(1);
    expect(r.points.filter((p) => p.name === "hookwire.receiver.handler.duration")).toHaveLength(1);
    expect(r.spans.map((s) => s.name)).toEqual(["hookwire.handle thing.done"]);
  });
});

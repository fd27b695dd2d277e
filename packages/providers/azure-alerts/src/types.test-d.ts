// Type tests, checked by `pnpm typecheck`.
import { createWebhooks } from "@hookwire/core";
import { isAlertSignal } from "./events.js";
import { azureAlerts } from "./receiver.js";

const hooks = createWebhooks({ receivers: { r: azureAlerts({ code: "x".repeat(32) }) } });
hooks.on("r", "alert.fired", (event) => {
  const rule: string = event.payload.data.essentials.alertRule;
  const alert = event.payload;
  if (isAlertSignal(alert, "Metric")) {
    const value: number | undefined = alert.data.alertContext.condition.allOf[0]?.metricValue;
    void value;
  } else if (isAlertSignal(alert, "Activity Log")) {
    const operation: string = alert.data.alertContext.operationName;
    void operation;
  } else if (isAlertSignal(alert, "Log")) {
    const query: string | undefined = alert.data.alertContext.condition.allOf[0]?.searchQuery;
    void query;
  }
  void rule;
});
hooks.on("r", "classic.activated", (event) => {
  const name: string = event.payload.context.name;
  void name;
});
hooks.on("r", "alert.*", (event) => {
  const condition: "Fired" | "Resolved" = event.payload.data.essentials.monitorCondition;
  void condition;
});
// @ts-expect-error not an event of this provider
hooks.on("r", "no.such.event", () => {});
// @ts-expect-error classicType is "ruleName" or "status"
azureAlerts({ code: "x".repeat(32), classicType: "name" });
hooks.on("r", "activityLog.activated", (event) => {
  const operation: string = event.payload.data.context.activityLog.operationName;
  void operation;
});

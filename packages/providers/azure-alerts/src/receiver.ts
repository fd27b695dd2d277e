import {
  defineSharedSecretReceiver,
  parseJsonObject,
  type Receiver,
  type SharedSecretOptions,
  WebhookError,
} from "@hookwire/core";
import type { AzureAlertsEvents } from "./events.js";

const PACKAGE = "@hookwire/azure-alerts";

function nonEmpty(value: unknown): value is string {
  return typeof value === "string" && value !== "";
}

/**
 * The id of one notification of a common-schema alert. Azure sends the Fired and the Resolved
 * notification of an alert with the same `alertId`, so the id also names the monitor condition and
 * the time it took that condition (`firedDateTime` or `resolvedDateTime`): idempotency then drops a
 * redelivery, never the other notification. Without that time the occurrence cannot be named and the
 * event has no id (it is never deduplicated) rather than one shared with another notification.
 */
function commonAlertId(essentials: Record<string, unknown>): string | undefined {
  const condition = essentials.monitorCondition as string;
  const time =
    condition.toLowerCase() === "resolved" ? essentials.resolvedDateTime : essentials.firedDateTime;
  if (!nonEmpty(essentials.alertId) || !nonEmpty(time)) return undefined;
  return `${essentials.alertId}:${condition}:${time}`;
}

/**
 * The id of one notification of a classic alert: the rule id (`context.id`) is the same for every
 * activation and resolution of the rule, so the status and `context.timestamp` are part of it.
 */
function classicAlertId(payload: {
  status?: unknown;
  context?: { id?: unknown; timestamp?: unknown };
}): string | undefined {
  const context = payload.context;
  if (!nonEmpty(context?.id) || !nonEmpty(payload.status) || !nonEmpty(context.timestamp)) return undefined;
  return `${context.id}:${payload.status}:${context.timestamp}`;
}

/**
 * Options of {@link azureAlerts}.
 *
 * @example
 * ```ts
 * const options: AzureAlertsOptions = { code: process.env.AZURE_ALERTS_CODE! };
 * ```
 */
export interface AzureAlertsOptions extends SharedSecretOptions {
  /**
   * How a classic (pre-common-schema) alert is named: `"ruleName"` (default, as ASP.NET WebHooks did:
   * `context.name`) or `"status"` (`classic.activated` / `classic.resolved`, typed).
   */
  classicType?: "ruleName" | "status";
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/**
 * The Azure Monitor alerts receiver type.
 *
 * @example
 * ```ts
 * const receiver: AzureAlertsReceiver = azureAlerts({ code: process.env.AZURE_ALERTS_CODE! });
 * ```
 */
export type AzureAlertsReceiver = Receiver<AzureAlertsEvents, "azure-alerts">;

/**
 * A receiver for Azure Monitor alerts webhooks.
 *
 * Azure Monitor action groups POST alerts as JSON. With the **common alert schema** the event type is
 * `alert.<monitorCondition>` lower-cased (`alert.fired`, `alert.resolved`) and the id
 * `<data.essentials.alertId>:<monitorCondition>:<firedDateTime | resolvedDateTime>` (one id per notification);
 * classic alerts use ASP.NET WebHooks' choice, `context.name` (the rule name), as the type. Azure does not
 * sign webhooks: the URL carries the `code` secret (action groups can also send HTTP Basic credentials).
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { azureAlerts } from "@hookwire/azure-alerts";
 *
 * const hooks = createWebhooks({
 *   receivers: { "azure-alerts": azureAlerts({ code: process.env.AZURE_ALERTS_WEBHOOK_CODE! }) },
 * });
 * hooks.on("azure-alerts", "alert.fired", async (event) => {
 *   console.log(event.payload.data.essentials.alertRule, event.meta.severity);
 * });
 * // webhook URL: https://your.app/webhooks/azure-alerts?code=<the same code>
 * ```
 */
export function azureAlerts(options: AzureAlertsOptions): AzureAlertsReceiver {
  if (
    options?.classicType !== undefined &&
    options?.classicType !== "ruleName" &&
    options?.classicType !== "status"
  ) {
    throw new WebhookError(
      "CONFIGURATION_INVALID",
      `[${PACKAGE}] classicType must be "ruleName" or "status". Pass { classicType: "status" } for classic.activated / classic.resolved.`,
    );
  }
  return defineSharedSecretReceiver<AzureAlertsEvents, "azure-alerts">({
    provider: "azure-alerts",
    packageName: PACKAGE,
    ...(options?.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    options,
    mediaTypes: ["application/json"],
    parse(request) {
      const payload = parseJsonObject<any>(request.body, PACKAGE);
      if (payload.schemaId === "azureMonitorCommonAlertSchema") {
        const essentials = payload.data?.essentials;
        if (typeof essentials?.monitorCondition !== "string" || essentials.monitorCondition === "") {
          throw new WebhookError(
            "PAYLOAD_INVALID",
            `[${PACKAGE}] A common-schema alert without data.essentials.monitorCondition.`,
          );
        }
        return {
          type: `alert.${essentials.monitorCondition.toLowerCase()}`,
          id: commonAlertId(essentials),
          payload,
          meta: {
            severity: essentials.severity,
            signalType: essentials.signalType,
            alertRule: essentials.alertRule,
            monitoringService: essentials.monitoringService,
            schema: "common",
          },
        };
      }
      if (payload.schemaId === "Microsoft.Insights/activityLogs") {
        const status = payload.data?.status;
        const activityLog = payload.data?.context?.activityLog;
        if (
          typeof status !== "string" ||
          status === "" ||
          typeof activityLog !== "object" ||
          activityLog === null
        ) {
          throw new WebhookError(
            "PAYLOAD_INVALID",
            `[${PACKAGE}] An activity log alert without data.status or data.context.activityLog.`,
          );
        }
        return {
          type: `activityLog.${status.toLowerCase()}`,
          id: typeof activityLog.eventDataId === "string" ? activityLog.eventDataId : undefined,
          payload,
          meta: { status, operationName: activityLog.operationName, schema: "activityLog" },
        };
      }
      const name = payload.context?.name;
      if (typeof name !== "string" || name === "") {
        throw new WebhookError(
          "PAYLOAD_INVALID",
          `[${PACKAGE}] The alert has neither the common alert schema (schemaId) nor a classic context.name.`,
        );
      }
      let type = name;
      if (options.classicType === "status") {
        if (typeof payload.status !== "string" || payload.status === "") {
          throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] A classic alert without a status.`);
        }
        type = `classic.${payload.status.toLowerCase()}`;
      }
      return {
        type,
        id: classicAlertId(payload),
        payload,
        meta: { status: payload.status, alertRule: name, schema: "classic" },
      };
    },
  });
}

import { codeSecretDescriptor, type ProviderDescriptor, type TestRequestSigner } from "@hookwire/core";
import { azureAlerts } from "./receiver.js";

/**
 * Azure Monitor alert for the `hookwire` CLI and other tools: the `?code=` secret (`hookwire listen` serves plain
 * http on this machine, so its receiver accepts http).
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/azure-alerts/testing";
 * const request = await descriptor.sign({ secret: descriptor.exampleSecret!, payload: {} });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  ...codeSecretDescriptor({
    name: "azure-alerts",
    packageName: "@hookwire/azure-alerts",
    receiver: (code) => azureAlerts({ code, allowHttp: true }),
  }),
  example: {
    payload: {
      schemaId: "azureMonitorCommonAlertSchema",
      data: {
        essentials: {
          alertId:
            "/subscriptions/11111111-1111-1111-1111-111111111111/providers/Microsoft.AlertsManagement/alerts/b9569717-bc32-442f-add5-83a997729330",
          alertRule: "WCUS-R2-Gen2",
          severity: "Sev3",
          signalType: "Metric",
          monitorCondition: "Fired",
          monitoringService: "Platform",
          alertTargetIDs: [
            "/subscriptions/11111111-1111-1111-1111-111111111111/resourcegroups/pipelinealertrg/providers/microsoft.compute/virtualmachines/wcus-r2-gen2",
          ],
          configurationItems: ["wcus-r2-gen2"],
          originAlertId:
            "3f2d4487-b0fc-4125-8bd5-7ad17384221e_PipeLineAlertRG_microsoft.insights_metricAlerts_WCUS-R2-Gen2_-117781227",
          firedDateTime: "2019-03-22T13:58:24.3713213Z",
          description: "",
          essentialsVersion: "1.0",
          alertContextVersion: "1.0",
        },
        alertContext: {
          properties: null,
          conditionType: "SingleResourceMultipleMetricCriteria",
          condition: {
            windowSize: "PT5M",
            allOf: [
              {
                metricName: "Percentage CPU",
                metricNamespace: "Microsoft.Compute/virtualMachines",
                operator: "GreaterThan",
                threshold: "25",
                timeAggregation: "Average",
                dimensions: [],
                metricValue: 31.1105,
              },
            ],
            windowStartTime: "2019-03-22T13:40:03.064Z",
            windowEndTime: "2019-03-22T13:45:03.064Z",
          },
        },
        customProperties: null,
      },
    },
  },
};

/**
 * A Azure Monitor alert webhook `Request` as the provider sends it, authenticated with the `code` query secret
 * (`input.secret`) — for your own tests. An object payload is sent as JSON.
 *
 * @example
 * ```ts
 * import { azureAlertsTestRequest } from "@hookwire/azure-alerts/testing";
 * const request = await azureAlertsTestRequest({ secret: "<32+ character code>", payload: {} });
 * const response = await hooks.handle(request);
 * ```
 */
export const azureAlertsTestRequest: TestRequestSigner = descriptor.sign;

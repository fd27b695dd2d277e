export {
  type AzureActivityLogAlertContext,
  type AzureActivityLogLegacyAlert,
  type AzureAlertContextBySignal,
  type AzureAlertEssentials,
  type AzureAlertSignalType,
  type AzureAlertsEvents,
  type AzureClassicAlert,
  type AzureCommonAlert,
  type AzureCommonAlertData,
  type AzureLogAlertContext,
  type AzureLogQueryCriterion,
  type AzureMetricAlertContext,
  type AzureMetricCriterion,
  isAlertSignal,
} from "./events.js";
export { type AzureAlertsOptions, type AzureAlertsReceiver, azureAlerts } from "./receiver.js";

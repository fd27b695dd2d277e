export type {
  AzureAlertEssentials,
  AzureAlertsEvents,
  AzureClassicAlert,
  AzureCommonAlert,
} from "./events.js";
export { type AzureAlertsOptions, type AzureAlertsReceiver, azureAlerts } from "./receiver.js";
export { azureAlertsTestRequest } from "./testing.js";

/** The `essentials` of Azure Monitor's common alert schema (learn.microsoft.com, "Common alert schema"). */
export interface AzureAlertEssentials {
  alertId: string;
  alertRule: string;
  severity: "Sev0" | "Sev1" | "Sev2" | "Sev3" | "Sev4";
  signalType: "Metric" | "Log" | "Activity Log" | (string & {});
  monitorCondition: "Fired" | "Resolved";
  monitoringService: string;
  alertTargetIDs: string[];
  configurationItems?: string[];
  originAlertId: string;
  firedDateTime: string;
  resolvedDateTime?: string;
  description?: string;
  essentialsVersion: string;
  alertContextVersion: string;
}

/** An alert in the common alert schema. */
export interface AzureCommonAlert {
  schemaId: "azureMonitorCommonAlertSchema";
  data: {
    essentials: AzureAlertEssentials;
    /** Depends on the signal type (metric conditions, log query results, activity log event). */
    alertContext: Record<string, unknown>;
    customProperties?: Record<string, string> | null;
  };
}

/** A classic (pre-common-schema) Azure alert, as ASP.NET WebHooks modelled it. */
export interface AzureClassicAlert {
  status: "Activated" | "Resolved" | (string & {});
  context: {
    id: string;
    name: string;
    description?: string;
    conditionType?: string;
    condition?: {
      metricName?: string;
      metricUnit?: string;
      metricValue?: string;
      threshold?: string;
      windowSize?: string;
      timeAggregation?: string;
      operator?: string;
    };
    subscriptionId?: string;
    resourceGroupName?: string;
    timestamp?: string;
    resourceName?: string;
    resourceType?: string;
    resourceId?: string;
    portalLink?: string;
  };
  properties?: Record<string, string>;
}

/** Azure alert events: common-schema alerts by condition; classic alerts arrive under their rule name. */
export type AzureAlertsEvents = { "alert.fired": AzureCommonAlert; "alert.resolved": AzureCommonAlert };

/**
 * The `essentials` of Azure Monitor's common alert schema
 * (learn.microsoft.com/azure/azure-monitor/alerts/alerts-common-schema).
 *
 * @example
 * ```ts
 * const rule: string = (event.payload as AzureCommonAlert).data.essentials.alertRule;
 * ```
 */
export interface AzureAlertEssentials<TSignal extends string = AzureAlertSignalType> {
  alertId: string;
  alertRule: string;
  /** Resource id of the alert rule (newer payloads). */
  alertRuleID?: string;
  severity: "Sev0" | "Sev1" | "Sev2" | "Sev3" | "Sev4";
  signalType: TSignal;
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
  investigationLink?: string;
}

/**
 * The signal types of the common alert schema.
 *
 * @example
 * ```ts
 * type Known = AzureAlertSignalType;
 * ```
 */
export type AzureAlertSignalType = "Metric" | "Log" | "Activity Log";

/**
 * One metric criterion of a metric alert's `alertContext.condition.allOf`.
 *
 * @example
 * ```ts
 * function read(value: AzureMetricCriterion) {
 *   return value.metricName;
 * }
 * ```
 */
export interface AzureMetricCriterion {
  metricName: string;
  metricNamespace: string;
  operator: string;
  threshold: string;
  timeAggregation: string;
  dimensions: Array<{ name: string; value: string }>;
  metricValue: number;
  webTestName?: string | null;
  /** Dynamic thresholds only. */
  alertSensitivity?: string;
  failingPeriods?: { numberOfEvaluationPeriods: number; minFailingPeriodsToAlert: number };
}

/**
 * The `alertContext` of a metric alert (static or dynamic thresholds, availability tests).
 *
 * @example
 * ```ts
 * function read(value: AzureMetricAlertContext) {
 *   return value.properties;
 * }
 * ```
 */
export interface AzureMetricAlertContext {
  properties: Record<string, string> | null;
  conditionType:
    | "SingleResourceMultipleMetricCriteria"
    | "MultipleResourceMultipleMetricCriteria"
    | "DynamicThresholdCriteria"
    | "WebtestLocationAvailabilityCriteria"
    | (string & {});
  condition: {
    windowSize: string;
    allOf: AzureMetricCriterion[];
    windowStartTime: string;
    windowEndTime: string;
  };
}

/**
 * One criterion of a log search alert's `alertContext.condition.allOf` (log search alerts API 2021-08-01+).
 *
 * @example
 * ```ts
 * function read(value: AzureLogQueryCriterion) {
 *   return value.searchQuery;
 * }
 * ```
 */
export interface AzureLogQueryCriterion {
  searchQuery: string;
  metricMeasureColumn?: string | null;
  targetResourceTypes: string;
  operator: string;
  threshold: string;
  timeAggregation: string;
  dimensions: Array<{ name: string; value: string }>;
  metricValue: number;
  failingPeriods: { numberOfEvaluationPeriods: number; minFailingPeriodsToAlert: number };
  linkToSearchResultsUI?: string;
  linkToFilteredSearchResultsUI?: string;
  linkToSearchResultsAPI?: string;
  linkToFilteredSearchResultsAPI?: string;
}

/**
 * The `alertContext` of a log search alert (`conditionType: "LogQueryCriteria"`).
 *
 * @example
 * ```ts
 * function read(value: AzureLogAlertContext) {
 *   return value.properties;
 * }
 * ```
 */
export interface AzureLogAlertContext {
  properties: Record<string, string> | null;
  conditionType: "LogQueryCriteria" | (string & {});
  condition: {
    windowSize: string;
    allOf: AzureLogQueryCriterion[];
    windowStartTime: string;
    windowEndTime: string;
  };
}

/**
 * The `alertContext` of an activity log alert (administrative, service health, resource health…).
 *
 * @example
 * ```ts
 * function read(value: AzureActivityLogAlertContext) {
 *   return value.authorization;
 * }
 * ```
 */
export interface AzureActivityLogAlertContext {
  authorization?: { action: string; scope: string };
  channels: string;
  claims?: string;
  caller?: string;
  correlationId: string;
  eventSource: string;
  eventTimestamp: string;
  eventDataId: string;
  httpRequest?: string;
  level: string;
  operationName: string;
  operationId: string;
  properties?: Record<string, unknown>;
  status: string;
  subStatus?: string;
  submissionTimestamp: string;
  Activity?: Record<string, unknown>;
}

/**
 * The `data` of a common-schema alert for one signal type.
 *
 * @example
 * ```ts
 * function read(value: AzureCommonAlertData) {
 *   return value.essentials;
 * }
 * ```
 */
export interface AzureCommonAlertData<TSignal extends AzureAlertSignalType, TContext> {
  essentials: AzureAlertEssentials<TSignal>;
  alertContext: TContext;
  customProperties?: Record<string, string> | null;
}

/**
 * An alert in the common alert schema; `data.essentials.signalType` tells which `alertContext` it carries.
 *
 * @example
 * ```ts
 * if (alert.data.essentials.signalType === "Metric") alert.data.alertContext.condition.allOf[0]?.metricValue;
 * ```
 */
export interface AzureCommonAlert {
  schemaId: "azureMonitorCommonAlertSchema";
  data:
    | AzureCommonAlertData<"Metric", AzureMetricAlertContext>
    | AzureCommonAlertData<"Log", AzureLogAlertContext>
    | AzureCommonAlertData<"Activity Log", AzureActivityLogAlertContext>;
}

/**
 * A classic (pre-common-schema) metric alert, as ASP.NET WebHooks modelled it
 * (`AzureAlertNotification`, `AzureAlertContext`, `AzureAlertCondition`).
 *
 * @example
 * ```ts
 * const rule: string = (event.payload as AzureClassicAlert).context.name;
 * ```
 */
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
    resourceRegion?: string;
    portalLink?: string;
  };
  properties?: Record<string, string>;
}

/**
 * An activity log alert sent without the common alert schema (`schemaId: "Microsoft.Insights/activityLogs"`).
 *
 * @example
 * ```ts
 * hooks.on("azure-alerts", "activityLog.activated", (event) => event.payload.data.context.activityLog.operationName);
 * ```
 */
export interface AzureActivityLogLegacyAlert {
  schemaId: "Microsoft.Insights/activityLogs";
  data: {
    status: "Activated" | (string & {});
    context: {
      activityLog: {
        channels?: string;
        correlationId?: string;
        eventSource?: string;
        eventTimestamp: string;
        eventDataId: string;
        level: string;
        operationName: string;
        operationId?: string;
        resourceId?: string;
        resourceGroupName?: string;
        resourceProviderName?: string;
        status?: string;
        subStatus?: string;
        subscriptionId: string;
        submissionTimestamp?: string;
        properties?: Record<string, unknown>;
        [field: string]: unknown;
      };
    };
    properties?: Record<string, string>;
  };
}

/**
 * Azure alert events. Common-schema alerts are `alert.fired` / `alert.resolved` (from
 * `data.essentials.monitorCondition`); classic alerts are `classic.activated` / `classic.resolved`
 * (from `status`), or — with `classicType: "ruleName"`, ASP.NET WebHooks' choice — the rule name
 * (`context.name`), which arrives as an unknown-typed event. Activity log alerts sent without the common
 * schema are `activityLog.<status>` (`activityLog.activated`).
 *
 * @example
 * ```ts
 * hooks.on("azure", "alert.fired", (event) => event.payload.data.essentials.severity);
 * ```
 */
export type AzureAlertsEvents = {
  "alert.fired": AzureCommonAlert;
  "alert.resolved": AzureCommonAlert;
  "classic.activated": AzureClassicAlert;
  "classic.resolved": AzureClassicAlert;
  "activityLog.activated": AzureActivityLogLegacyAlert;
};

/**
 * The signal types of {@link AzureCommonAlert} mapped to their `alertContext`.
 *
 * @example
 * ```ts
 * function read(value: AzureAlertContextBySignal) {
 *   return value.Metric;
 * }
 * ```
 */
export interface AzureAlertContextBySignal {
  Metric: AzureMetricAlertContext;
  Log: AzureLogAlertContext;
  "Activity Log": AzureActivityLogAlertContext;
}

/**
 * Narrow a common-schema alert to one signal type (TypeScript does not narrow `data` by the nested
 * `data.essentials.signalType` on its own).
 *
 * @example
 * ```ts
 * if (isAlertSignal(event.payload, "Metric")) event.payload.data.alertContext.condition.allOf[0]?.metricValue;
 * ```
 */
export function isAlertSignal<TSignal extends AzureAlertSignalType>(
  alert: AzureCommonAlert,
  signalType: TSignal,
): alert is AzureCommonAlert & { data: AzureCommonAlertData<TSignal, AzureAlertContextBySignal[TSignal]> } {
  return alert.data.essentials.signalType === signalType;
}

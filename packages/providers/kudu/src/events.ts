/**
 * A Kudu deployment notification (projectkudu/kudu wiki, "Web hooks").
 *
 * @example
 * ```ts
 * function read(value: KuduNotification) {
 *   return value.id;
 * }
 * ```
 */
export interface KuduNotification {
  id: string;
  status: "success" | "failed" | (string & {});
  statusText?: string;
  authorEmail?: string;
  author?: string;
  message?: string;
  progress?: string;
  deployer?: string;
  receivedTime?: string;
  startTime?: string;
  endTime?: string;
  lastSuccessEndTime?: string;
  complete?: boolean;
  siteName?: string;
  hostName?: string;
}

/**
 * Kudu events by deployment status.
 *
 * @example
 * ```ts
 * type Known = KuduEvents;
 * ```
 */
export type KuduEvents = { success: KuduNotification; failed: KuduNotification };

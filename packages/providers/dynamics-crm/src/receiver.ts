import {
  assertMediaType,
  assertSharedSecret,
  defineReceiver,
  parseJsonObject,
  type Receiver,
  type SharedSecretOptions,
  verifySharedSecret,
  WebhookError,
} from "@hookwire/core";
import type { DynamicsCrmEvents } from "./events.js";

const PACKAGE = "@hookwire/dynamics-crm";

/** Options of {@link dynamicsCrm}. */
export interface DynamicsCrmOptions extends SharedSecretOptions {
  /** Body limit when `verify` is given a Web `Request` directly (the router has its own). */
  maxBodyBytes?: number;
}

/** The Dynamics 365 / Dataverse receiver type. */
export type DynamicsCrmReceiver = Receiver<DynamicsCrmEvents, "dynamics-crm">;

/**
 * A receiver for Dynamics 365 / Dataverse webhooks.
 *
 * Dataverse (Dynamics 365) posts the plug-in `RemoteExecutionContext` as JSON when a registered step runs.
 * The event type is `<MessageName>.<PrimaryEntityName>` (`Create.account`, `Update.contact`), the id
 * `CorrelationId`. Dataverse's "WebhookKey" authentication is exactly the `code` query secret.
 *
 * @example
 * ```ts
 * import { createWebhooks } from "@hookwire/core";
 * import { dynamicsCrm } from "@hookwire/dynamics-crm";
 *
 * const hooks = createWebhooks({ receivers: { dynamics-crm: dynamicsCrm({ code: process.env.DYNAMICS_CRM_WEBHOOK_CODE! }) } });
 * hooks.on("dynamics-crm", "Create.account", async (event) => console.log(event.payload));
 * // webhook URL: https://your.app/webhooks/dynamics-crm?code=<the same code>
 * ```
 */
export function dynamicsCrm(options: DynamicsCrmOptions): DynamicsCrmReceiver {
  assertSharedSecret(options, PACKAGE);
  return defineReceiver<DynamicsCrmEvents, "dynamics-crm">({
    provider: "dynamics-crm",
    packageName: PACKAGE,
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    async verify(request) {
      await verifySharedSecret(request, options, PACKAGE);
      assertMediaType(request, ["application/json"], PACKAGE);
      const payload = parseJsonObject<any>(request.body, PACKAGE);
      const type = payload.MessageName;
      if (typeof type !== "string" || type === "") {
        throw new WebhookError("PAYLOAD_INVALID", `[${PACKAGE}] The body has no "MessageName".`);
      }
      return {
        type:
          typeof payload.PrimaryEntityName === "string" && payload.PrimaryEntityName
            ? `${type}.${payload.PrimaryEntityName}`
            : type,
        id: typeof payload.CorrelationId === "string" ? payload.CorrelationId : undefined,
        payload,
        meta: { organizationName: payload.OrganizationName, depth: payload.Depth },
      };
    },
  });
}

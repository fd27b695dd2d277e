/**
 * Dataverse's `RemoteExecutionContext` as serialised for webhooks
 * (learn.microsoft.com/power-apps/developer/data-platform/use-webhooks). Bodies over 256 KB arrive with the
 * `x-ms-dynamics-msg-size-exceeded` header (`event.meta.truncated`) and some collections removed.
 *
 * @example
 * ```ts
 * const id: string = (event.payload as RemoteExecutionContext).PrimaryEntityId;
 * ```
 */
export interface RemoteExecutionContext {
  BusinessUnitId: string;
  CorrelationId: string;
  Depth: number;
  InitiatingUserId: string;
  InputParameters: Array<{ key: string; value: unknown }>;
  IsExecutingOffline: boolean;
  IsInTransaction: boolean;
  IsOfflinePlayback: boolean;
  IsolationMode: number;
  MessageName: string;
  Mode: number;
  OperationCreatedOn: string;
  OperationId: string;
  OrganizationId: string;
  OrganizationName: string;
  OutputParameters: Array<{ key: string; value: unknown }>;
  OwningExtension: {
    Id: string;
    KeyAttributes: unknown[];
    LogicalName: string;
    Name: string;
    RowVersion: string | null;
  };
  ParentContext: RemoteExecutionContext | null;
  PostEntityImages: Array<{ key: string; value: unknown }>;
  PreEntityImages: Array<{ key: string; value: unknown }>;
  PrimaryEntityId: string;
  PrimaryEntityName: string;
  RequestId: string | null;
  SecondaryEntityName: string;
  SharedVariables: Array<{ key: string; value: unknown }>;
  Stage: number;
  UserId: string;
}

/**
 * Dataverse messages a webhook step is commonly registered on (any other message arrives as an unknown event).
 *
 * @example
 * ```ts
 * const message: DataverseMessage = "Create";
 * ```
 */
export type DataverseMessage =
  | "Create"
  | "Update"
  | "Delete"
  | "Assign"
  | "Associate"
  | "Disassociate"
  | "GrantAccess"
  | "ModifyAccess"
  | "RevokeAccess"
  | "Merge"
  | "QualifyLead"
  | "Retrieve"
  | "RetrieveMultiple"
  | "Send"
  | "SetState"
  | "SetStateDynamicEntity"
  | "Win"
  | "Lose";

/**
 * Dataverse events: `<MessageName>.<entity logical name>` (`Create.account`, `Update.contact`,
 * `Create.new_custom`) by default, or the bare `MessageName` with `typeFormat: "message"`.
 * Every one carries the `RemoteExecutionContext`.
 *
 * @example
 * ```ts
 * hooks.on("dynamics-crm", "Update.*", (event) => event.payload.PrimaryEntityId);
 * ```
 */
export type DynamicsCrmEvents = { [K in DataverseMessage]: RemoteExecutionContext } & {
  [K in `${DataverseMessage}.${string}`]: RemoteExecutionContext;
};

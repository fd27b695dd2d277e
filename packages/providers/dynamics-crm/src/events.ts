/** Dataverse's RemoteExecutionContext as serialised for webhooks (learn.microsoft.com, "Use webhooks"). */
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

/** Dataverse events by `<MessageName>.<entity>`; register steps for other entities and they arrive as unknown events. */
export type DynamicsCrmEvents = {
  "Create.account": RemoteExecutionContext;
  "Update.account": RemoteExecutionContext;
  "Delete.account": RemoteExecutionContext;
  "Create.contact": RemoteExecutionContext;
  "Update.contact": RemoteExecutionContext;
  "Delete.contact": RemoteExecutionContext;
};

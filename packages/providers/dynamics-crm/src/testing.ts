import { codeSecretDescriptor, type ProviderDescriptor, type TestRequestSigner } from "@hookwire/core";
import { dynamicsCrm } from "./receiver.js";

/**
 * Dynamics 365 (CRM) for the `hookwire` CLI and other tools: the `?code=` secret (`hookwire listen` serves plain
 * http on this machine, so its receiver accepts http).
 *
 * @example
 * ```ts
 * import { descriptor } from "@hookwire/dynamics-crm/testing";
 * const request = await descriptor.sign({ secret: descriptor.exampleSecret!, payload: {} });
 * ```
 */
export const descriptor: ProviderDescriptor = {
  ...codeSecretDescriptor({
    name: "dynamics-crm",
    packageName: "@hookwire/dynamics-crm",
    receiver: (code) => dynamicsCrm({ code, allowHttp: true }),
  }),
  example: {
    payload: {
      BusinessUnitId: "5b6fdd4d-6e5c-e811-a95a-000d3a1bec6e",
      CorrelationId: "6f7b3fc9-3d8f-4c6d-8d5c-a5ef9c3b7e21",
      Depth: 1,
      InitiatingUserId: "75c2dd4d-6e5c-e811-a95a-000d3a1bec6e",
      InputParameters: [
        {
          key: "Target",
          value: {
            __type: "Entity:http://schemas.microsoft.com/xrm/2011/Contracts",
            Attributes: [{ key: "name", value: "Contoso Ünïcödé" }],
            LogicalName: "account",
          },
        },
      ],
      IsExecutingOffline: false,
      IsInTransaction: false,
      IsOfflinePlayback: false,
      IsolationMode: 1,
      MessageName: "Create",
      Mode: 1,
      OperationCreatedOn: "/Date(1495226700000)/",
      OperationId: "b3e4b2b0-2c3d-4e5f-8a9b-0c1d2e3f4a5b",
      OrganizationId: "1d8b5a4f-2c3d-4e5f-8a9b-0c1d2e3f4a5b",
      OrganizationName: "contoso",
      OutputParameters: [],
      OwningExtension: {
        Id: "9f5b3a4f-2c3d-4e5f-8a9b-0c1d2e3f4a5b",
        KeyAttributes: [],
        LogicalName: "sdkmessageprocessingstep",
        Name: "Webhook: Create of account",
        RowVersion: null,
      },
      ParentContext: null,
      PostEntityImages: [],
      PreEntityImages: [],
      PrimaryEntityId: "d4a5b1e2-2c3d-4e5f-8a9b-0c1d2e3f4a5b",
      PrimaryEntityName: "account",
      RequestId: null,
      SecondaryEntityName: "none",
      SharedVariables: [],
      Stage: 40,
      UserId: "75c2dd4d-6e5c-e811-a95a-000d3a1bec6e",
    },
  },
};

/**
 * A Dynamics 365 (CRM) webhook `Request` as the provider sends it, authenticated with the `code` query secret
 * (`input.secret`) — for your own tests. An object payload is sent as JSON.
 *
 * @example
 * ```ts
 * import { dynamicsCrmTestRequest } from "@hookwire/dynamics-crm/testing";
 * const request = await dynamicsCrmTestRequest({ secret: "<32+ character code>", payload: {} });
 * const response = await hooks.handle(request);
 * ```
 */
export const dynamicsCrmTestRequest: TestRequestSigner = descriptor.sign;

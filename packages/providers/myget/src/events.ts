/**
 * The envelope of every MyGet webhook (docs.myget.org/docs/reference/webhooks).
 *
 * @example
 * ```ts
 * hooks.on("myget", "PackageAddedWebHookEventPayloadV1", (event) => event.payload.Payload.PackageVersion);
 * ```
 */
export interface MyGetEnvelope<TType extends string, TPayload> {
  Identifier: string;
  Username: string;
  When: string;
  PayloadType: TType;
  Payload: TPayload;
}

/**
 * A package in a package event (docs.myget.org, "Webhooks").
 *
 * @example
 * ```ts
 * function read(value: MyGetPackage) {
 *   return value.PackageType;
 * }
 * ```
 */
export interface MyGetPackage {
  PackageType: string;
  PackageIdentifier: string;
  PackageVersion: string;
  TargetFramework?: string;
  Size?: number;
  Authors?: string;
  Description?: string;
  LicenseUrl?: string;
  LicenseNames?: string;
  ProjectUrl?: string;
  Tags?: string;
  Dependencies?: Array<{ PackageIdentifier: string; PackageVersion: string; TargetFramework?: string }>;
  FeedIdentifier: string;
  FeedUrl: string;
}

/**
 * The `Payload` of the `Build*WebHookEventPayloadV1` events (docs.myget.org, "Webhooks").
 *
 * @example
 * ```ts
 * function read(value: MyGetBuild) {
 *   return value.BuildNumber;
 * }
 * ```
 */
export interface MyGetBuild {
  BuildNumber: string;
  Branch?: string;
  Revision?: string;
  Result?: string;
  FeedIdentifier: string;
  FeedUrl: string;
  Name: string;
  Packages?: Array<{ PackageType: string; PackageIdentifier: string; PackageVersion: string }>;
  BuildLogUrl?: string;
}

/**
 * MyGet events by `PayloadType` (those ASP.NET WebHooks' `MyGetWebHookHandlerBase` typed). The ping is answered
 * by the handshake and reaches handlers only through a direct `verify` call.
 *
 * @example
 * ```ts
 * hooks.on("myget", "BuildFinishedWebHookEventPayloadV1", (event) => event.payload.Payload.Result);
 * ```
 */
export type MyGetEvents = {
  PingWebHookEventPayloadV1: MyGetEnvelope<"PingWebHookEventPayloadV1", Record<string, never>>;
  PackageAddedWebHookEventPayloadV1: MyGetEnvelope<"PackageAddedWebHookEventPayloadV1", MyGetPackage>;
  PackageDeletedWebHookEventPayloadV1: MyGetEnvelope<"PackageDeletedWebHookEventPayloadV1", MyGetPackage>;
  PackageListedWebHookEventPayloadV1: MyGetEnvelope<
    "PackageListedWebHookEventPayloadV1",
    MyGetPackage & { Listed: boolean }
  >;
  PackagePinnedWebHookEventPayloadV1: MyGetEnvelope<
    "PackagePinnedWebHookEventPayloadV1",
    MyGetPackage & { Pinned: boolean }
  >;
  PackagePushedWebHookEventPayloadV1: MyGetEnvelope<
    "PackagePushedWebHookEventPayloadV1",
    MyGetPackage & { TargetPackageSource: string; TargetPackageSourceName: string }
  >;
  BuildQueuedWebHookEventPayloadV1: MyGetEnvelope<"BuildQueuedWebHookEventPayloadV1", MyGetBuild>;
  BuildStartedWebHookEventPayloadV1: MyGetEnvelope<"BuildStartedWebHookEventPayloadV1", MyGetBuild>;
  BuildFinishedWebHookEventPayloadV1: MyGetEnvelope<"BuildFinishedWebHookEventPayloadV1", MyGetBuild>;
};

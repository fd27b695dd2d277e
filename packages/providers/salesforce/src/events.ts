/** An sObject as an outbound message carries it: the fields selected in Setup, as strings (`null` for `xsi:nil`). */
export type SalesforceSObject<TFields extends string = never> = {
  /** The record id. */
  Id?: string;
} & { [K in TFields]?: string | null } & { [field: string]: string | null | undefined };

/** One notification of an outbound message. */
export interface SalesforceNotification<TObject = SalesforceSObject> {
  /** The notification id: the same on every redelivery (use it to deduplicate). */
  id: string;
  /** The sObject type from `xsi:type` (`Account`, `Custom__c`). */
  sObjectType: string;
  /** The record's fields. */
  sObject: TObject;
}

/**
 * A Salesforce outbound message (`notifications` SOAP call), parsed.
 *
 * @example
 * ```ts
 * const message: SalesforceOutboundMessage<SalesforceAccount> = event.payload;
 * message.notifications[0]?.sObject.Name;
 * ```
 */
export interface SalesforceOutboundMessage<TObject = SalesforceSObject> {
  /** The 18-character id of the organization that sent the message. */
  organizationId: string;
  /** The id of the outbound message action (workflow rule or flow) that sent it. */
  actionId: string;
  /** A session id for calling back into Salesforce, when the action is set to send one. */
  sessionId: string | null;
  /** The enterprise WSDL endpoint for calls back. */
  enterpriseUrl: string | null;
  /** The partner WSDL endpoint for calls back. */
  partnerUrl: string | null;
  /** 1 to 100 notifications, all of the same sObject type. */
  notifications: Array<SalesforceNotification<TObject>>;
}

/** Account fields commonly selected for outbound messages. */
export type SalesforceAccount = SalesforceSObject<
  | "Name"
  | "AccountNumber"
  | "Industry"
  | "Type"
  | "Phone"
  | "Website"
  | "OwnerId"
  | "BillingCity"
  | "BillingCountry"
>;
/** Contact fields commonly selected for outbound messages. */
export type SalesforceContact = SalesforceSObject<
  "FirstName" | "LastName" | "Name" | "Email" | "Phone" | "AccountId" | "OwnerId" | "Title"
>;
/** Lead fields commonly selected for outbound messages. */
export type SalesforceLead = SalesforceSObject<
  "FirstName" | "LastName" | "Name" | "Email" | "Company" | "Status" | "LeadSource" | "OwnerId"
>;
/** Opportunity fields commonly selected for outbound messages. */
export type SalesforceOpportunity = SalesforceSObject<
  | "Name"
  | "StageName"
  | "Amount"
  | "CloseDate"
  | "AccountId"
  | "OwnerId"
  | "Probability"
  | "IsWon"
  | "IsClosed"
>;
/** Case fields commonly selected for outbound messages. */
export type SalesforceCase = SalesforceSObject<
  "CaseNumber" | "Subject" | "Status" | "Priority" | "Origin" | "AccountId" | "ContactId" | "OwnerId"
>;

/**
 * Salesforce outbound messages by Hookwire name `sobject.<type>`, written from the outbound
 * messaging WSDL. Custom objects (`sobject.Invoice__c`) arrive as unknown events; `sobject.*` matches all.
 *
 * @example
 * ```ts
 * type Accounts = SalesforceEvents["sobject.Account"]; // SalesforceOutboundMessage<SalesforceAccount>
 * ```
 */
export type SalesforceEvents = {
  "sobject.Account": SalesforceOutboundMessage<SalesforceAccount>;
  "sobject.Contact": SalesforceOutboundMessage<SalesforceContact>;
  "sobject.Lead": SalesforceOutboundMessage<SalesforceLead>;
  "sobject.Opportunity": SalesforceOutboundMessage<SalesforceOpportunity>;
  "sobject.Case": SalesforceOutboundMessage<SalesforceCase>;
  "sobject.User": SalesforceOutboundMessage;
  "sobject.Task": SalesforceOutboundMessage;
  "sobject.Event": SalesforceOutboundMessage;
};

/** A Salesforce event name Hookwire knows. */
export type SalesforceEventName = keyof SalesforceEvents & string;

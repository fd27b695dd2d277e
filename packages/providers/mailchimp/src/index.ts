export type {
  MailchimpCampaign,
  MailchimpCleaned,
  MailchimpEmailChange,
  MailchimpEvents,
  MailchimpMemberEvent,
} from "./events.js";
export { type MailchimpOptions, type MailchimpReceiver, mailchimp } from "./receiver.js";

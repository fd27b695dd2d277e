interface MailchimpBase {
  type: string;
  fired_at: string;
}

/** `subscribe`, `unsubscribe`, `profile`: the member's fields (mailchimp.com/developer/marketing/guides/sync-audience-data-webhooks). */
export interface MailchimpMemberEvent extends MailchimpBase {
  data: {
    id: string;
    list_id: string;
    email: string;
    email_type: string;
    ip_opt?: string;
    ip_signup?: string;
    reason?: string;
    action?: string;
    campaign_id?: string;
    merges: { EMAIL: string; FNAME?: string; LNAME?: string; [merge: string]: unknown };
  };
}

/** `upemail`: an address changed. */
export interface MailchimpEmailChange extends MailchimpBase {
  data: { list_id: string; new_id: string; new_email: string; old_email: string };
}

/** `cleaned`: an address was cleaned (hard bounce, abuse). */
export interface MailchimpCleaned extends MailchimpBase {
  data: { list_id: string; campaign_id?: string; reason: "hard" | "abuse" | (string & {}); email: string };
}

/** `campaign`: a campaign was sent. */
export interface MailchimpCampaign extends MailchimpBase {
  data: { id: string; subject: string; status: string; reason?: string; list_id: string };
}

/**
 * Mailchimp audience webhook events by the form field `type`, written from Mailchimp's "Sync audience
 * data with webhooks" guide. Form values are strings; nested `data[merges][FNAME]` keys become objects.
 *
 * @example
 * ```ts
 * hooks.on("mailchimp", "upemail", (event) => console.log(event.payload.data.old_email, "→", event.payload.data.new_email));
 * ```
 */
export type MailchimpEvents = {
  subscribe: MailchimpMemberEvent;
  unsubscribe: MailchimpMemberEvent;
  profile: MailchimpMemberEvent;
  upemail: MailchimpEmailChange;
  cleaned: MailchimpCleaned;
  campaign: MailchimpCampaign;
};

/**
 * The default event map of a generic JSON receiver: any type name, any JSON payload. Declare your own map
 * for typed handlers: `genericJson<{ new_tweet: { value1: string } }>({ code })`.
 *
 * @example
 * ```ts
 * type MyEvents = { new_tweet: { value1: string; value2: string } };
 * const receiver = genericJson<MyEvents>({ code: process.env.IFTTT_CODE! });
 * ```
 */
export type GenericJsonEvents = { [type: string]: unknown };

/**
 * The body IFTTT's Webhooks service sends when the applet's body is the three ingredients
 * (`{"value1": "{{Value1}}", "value2": …, "value3": …}`).
 *
 * @example
 * ```ts
 * const receiver = genericJson<{ change: IftttValues }>({ code });
 * ```
 */
export interface IftttValues {
  value1?: string;
  value2?: string;
  value3?: string;
}

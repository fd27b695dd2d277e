export type {
  TwilioCallStatus,
  TwilioEventName,
  TwilioEvents,
  TwilioMessageParams,
  TwilioMessageStatus,
  TwilioRecordingParams,
  TwilioTaskRouterParams,
  TwilioTranscriptionParams,
  TwilioVoiceParams,
} from "./events.js";
export { EMPTY_TWIML, type TwilioOptions, type TwilioReceiver, twilio } from "./receiver.js";
export {
  hasBodyHash,
  TWILIO_SIGNATURE_HEADER,
  TWILIO_SIGNATURE_SETTINGS_HEADER,
  type TwilioSchemeOptions,
  twilioScheme,
  twilioSchemeWith,
} from "./scheme.js";
export { twilioUrlVariants } from "./url.js";

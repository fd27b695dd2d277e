/** Generic JSON events carry whatever the sender posts; name them with `?action=` and type them yourself. */
export type GenericJsonEvents = { [type: string]: unknown };

/** A Trello object reference as it appears in action data. */
export interface TrelloRef {
  id: string;
  name?: string;
  shortLink?: string;
  idShort?: number;
  [field: string]: unknown;
}

/** The member who performed an action. */
export interface TrelloMember {
  id: string;
  username: string;
  fullName?: string;
  initials?: string;
  avatarHash?: string | null;
  avatarUrl?: string | null;
  [field: string]: unknown;
}

/** The `data` of an action: the objects it touched, and `old` values for updates. */
export interface TrelloActionData {
  board?: TrelloRef;
  list?: TrelloRef;
  card?: TrelloRef & { idList?: string; desc?: string; closed?: boolean; due?: string | null; pos?: number };
  listBefore?: TrelloRef;
  listAfter?: TrelloRef;
  boardSource?: TrelloRef;
  boardTarget?: TrelloRef;
  checklist?: TrelloRef;
  checkItem?: TrelloRef & { state?: "complete" | "incomplete" };
  attachment?: TrelloRef & { url?: string };
  label?: TrelloRef & { color?: string | null };
  member?: TrelloRef;
  idMember?: string;
  text?: string;
  old?: Record<string, unknown>;
  [field: string]: unknown;
}

/**
 * One action as Trello posts it: `{ action, model, webhook }`.
 *
 * @example
 * ```ts
 * hooks.on("trello", "createCard", (event) => event.payload.action.data.card?.name);
 * ```
 */
export interface TrelloWebhookPayload<TType extends string = string> {
  action: {
    id: string;
    idMemberCreator: string;
    type: TType;
    date: string;
    data: TrelloActionData;
    memberCreator?: TrelloMember;
    display?: { translationKey: string; entities: Record<string, unknown> };
    limits?: Record<string, unknown>;
    appCreator?: { id: string } | null;
  };
  /** The board, list, card or member the webhook watches (`idModel`). */
  model: { id: string; name?: string; [field: string]: unknown };
  webhook: {
    id: string;
    description?: string;
    idModel: string;
    callbackURL: string;
    active: boolean;
    consecutiveFailures?: number;
    firstConsecutiveFailDate?: string | null;
  };
}

/** The action types Trello documents for webhooks (`action.type`). */
export type TrelloActionType =
  | "acceptEnterpriseJoinRequest"
  | "addAttachmentToCard"
  | "addChecklistToCard"
  | "addLabelToCard"
  | "addMemberToBoard"
  | "addMemberToCard"
  | "addMemberToOrganization"
  | "addToOrganizationBoard"
  | "commentCard"
  | "convertToCardFromCheckItem"
  | "copyBoard"
  | "copyCard"
  | "copyCommentCard"
  | "createBoard"
  | "createCard"
  | "createCheckItem"
  | "createLabel"
  | "createList"
  | "createOrganization"
  | "deleteAttachmentFromCard"
  | "deleteBoardInvitation"
  | "deleteCard"
  | "deleteCheckItem"
  | "deleteComment"
  | "deleteLabel"
  | "deleteOrganizationInvitation"
  | "disablePlugin"
  | "disablePowerUp"
  | "emailCard"
  | "enablePlugin"
  | "enablePowerUp"
  | "makeAdminOfBoard"
  | "makeNormalMemberOfBoard"
  | "makeNormalMemberOfOrganization"
  | "makeObserverOfBoard"
  | "memberJoinedTrello"
  | "moveCardFromBoard"
  | "moveCardToBoard"
  | "moveListFromBoard"
  | "moveListToBoard"
  | "removeChecklistFromCard"
  | "removeFromOrganizationBoard"
  | "removeLabelFromCard"
  | "removeMemberFromBoard"
  | "removeMemberFromCard"
  | "removeMemberFromOrganization"
  | "unconfirmedBoardInvitation"
  | "unconfirmedOrganizationInvitation"
  | "updateBoard"
  | "updateCard"
  | "updateCheckItem"
  | "updateCheckItemStateOnCard"
  | "updateChecklist"
  | "updateComment"
  | "updateLabel"
  | "updateList"
  | "updateMember"
  | "updateOrganization"
  | "voteOnCard";

/**
 * Trello's webhook actions by Hookwire name (the `action.type`, e.g. `createCard`), written from
 * Trello's webhook and action-type documentation (Trello keeps no published schema).
 *
 * @example
 * ```ts
 * type Created = TrelloEvents["createCard"]["action"]["data"]["card"];
 * ```
 */
export type TrelloEvents = { [T in TrelloActionType]: TrelloWebhookPayload<T> };

/** A Trello event name Hookwire knows. */
export type TrelloEventName = keyof TrelloEvents & string;

/** Fields every WordPress webhook carries: `hook` (the action) plus the fields selected in the webhook's settings. */
export interface WordPressBase {
  /** The action that fired (`publish_post`). */
  hook: string;
  [field: string]: string | undefined;
}

/**
 * `publish_post` / `publish_page` / `publish_future_post` / `trashed_post`: the post fields listed on
 * WordPress.com's "Webhooks" support page (wordpress.com/support/webhooks). Each is sent only when it
 * is selected in the webhook's settings, so every field is optional; all values are form strings.
 *
 * @example
 * ```ts
 * hooks.on("wordpress", "publish_post", (event) => console.log(event.payload.post_title, event.payload.post_url));
 * ```
 */
export interface WordPressPost extends WordPressBase {
  ID?: string;
  comment_count?: string;
  comment_status?: string;
  guid?: string;
  menu_order?: string;
  ping_status?: string;
  pinged?: string;
  post_author?: string;
  post_category?: string;
  post_content?: string;
  post_content_filtered?: string;
  post_date?: string;
  post_date_gmt?: string;
  post_excerpt?: string;
  post_mime_type?: string;
  post_modified?: string;
  post_modified_gmt?: string;
  post_name?: string;
  post_parent?: string;
  post_password?: string;
  post_status?: string;
  post_title?: string;
  post_type?: string;
  post_url?: string;
  to_ping?: string;
}

/**
 * `comment_post`: the comment fields listed on WordPress.com's "Webhooks" support page; each sent
 * only when selected, so all optional.
 *
 * @example
 * ```ts
 * hooks.on("wordpress", "comment_post", (event) => console.log(event.payload.comment_author, event.payload.comment_content));
 * ```
 */
export interface WordPressComment extends WordPressBase {
  comment_ID?: string;
  comment_agent?: string;
  comment_approved?: string;
  comment_author?: string;
  comment_author_IP?: string;
  comment_author_email?: string;
  comment_author_url?: string;
  comment_content?: string;
  comment_date?: string;
  comment_date_gmt?: string;
  comment_karma?: string;
  comment_parent?: string;
  comment_post_ID?: string;
  comment_type?: string;
  user_id?: string;
}

/**
 * WordPress.com / Jetpack webhook events by the form field `hook`. Other actions arrive as unknown events.
 *
 * @example
 * ```ts
 * type Published = WordPressEvents["publish_post"]; // WordPressPost
 * ```
 */
export type WordPressEvents = {
  publish_post: WordPressPost;
  publish_page: WordPressPost;
  publish_future_post: WordPressPost;
  trashed_post: WordPressPost;
  comment_post: WordPressComment;
  activate_plugin: WordPressBase;
};

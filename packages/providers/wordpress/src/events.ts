/** Fields every WordPress webhook carries. */
export interface WordPressBase {
  hook: string;
  [field: string]: unknown;
}

/** `publish_post` / `publish_page`: the post's fields (wordpress.com/support/webhooks). */
export interface WordPressPost extends WordPressBase {
  ID: string;
  post_author: string;
  post_date: string;
  post_title: string;
  post_content: string;
  post_status: string;
  post_name: string;
  post_type: string;
  guid?: string;
  post_url?: string;
  post_excerpt?: string;
}

/** `comment_post`: the comment's fields. */
export interface WordPressComment extends WordPressBase {
  comment_ID: string;
  comment_post_ID: string;
  comment_author: string;
  comment_author_email?: string;
  comment_content: string;
  comment_approved: string;
  comment_date: string;
}

/** WordPress events by `hook`. */
export type WordPressEvents = {
  publish_post: WordPressPost;
  publish_page: WordPressPost;
  publish_future_post: WordPressPost;
  comment_post: WordPressComment;
  trashed_post: WordPressPost;
  activate_plugin: WordPressBase;
};

export type { WordPressBase, WordPressComment, WordPressEvents, WordPressPost } from "./events.js";
export { type WordPressOptions, type WordPressReceiver, wordpress } from "./receiver.js";

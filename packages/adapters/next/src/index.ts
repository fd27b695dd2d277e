export {
  createRouteHandlers,
  type RouteContext,
  type RouteHandler,
  type RouteHandlerOptions,
} from "./app-router.js";
export { config, createPagesHandler, type PagesHandlerOptions } from "./pages-router.js";

// Koa 2 is installed under the alias "koa2" for the tests that run on both majors.
declare module "koa2" {
  import Koa from "koa";
  export default Koa;
}
declare module "koa-bodyparser" {
  const bodyParser: (
    options?: Record<string, unknown>,
  ) => (ctx: any, next: () => Promise<unknown>) => Promise<void>;
  export default bodyParser;
}

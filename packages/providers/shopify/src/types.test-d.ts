// Type tests, checked by `pnpm typecheck`: a wrong topic is a compile error; payloads are typed.
import { createWebhooks } from "@hookwire/core";
import { shopify } from "./receiver.js";

const hooks = createWebhooks({ receivers: { shopify: shopify({ secret: "s" }) } });

hooks.on("shopify", "orders/create", (event) => {
  const name: string = event.payload.name;
  const total: string = event.payload.total_price;
  const t: "orders/create" = event.type;
  void name;
  void total;
  void t;
});
hooks.on("shopify", "customers/redact", (event) => {
  const orders: number[] = event.payload.orders_to_redact;
  void orders;
});
hooks.on("shopify", ["products/create", "products/update"], (event) => {
  const title: string = event.payload.title;
  void title;
});
hooks.on("shopify", "*", (event) => {
  const type: string = event.type;
  void type;
});

// @ts-expect-error not a Shopify topic (orders/create)
hooks.on("shopify", "order/create", () => {});
// @ts-expect-error Hookwire keeps Shopify's slash, not the SDK's ORDERS_CREATE storage key
hooks.on("shopify", "ORDERS_CREATE", () => {});
hooks.on("shopify", "shop/redact", (event) => {
  // @ts-expect-error shop/redact carries no customer
  void event.payload.customer;
});

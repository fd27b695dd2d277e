import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createNodeHandler } from "@hookwire/core/node";
import { runAdapterConformance } from "./adapter-conformance.js";

// Bare node:http through @hookwire/core/node: the fifth adapter.
runAdapterConformance({
  name: "node:http (@hookwire/core/node)",
  async start(hooks) {
    const server = createServer(createNodeHandler(hooks));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`,
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
  },
});

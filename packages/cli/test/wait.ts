import type { ChildProcess } from "node:child_process";

/**
 * Polls `done` until it holds. Tests wait for what they observe, never for a sleep to be long enough:
 * the bound is only there so that a real failure ends with a message instead of the test's timeout.
 */
export async function waitFor(
  done: () => boolean | Promise<boolean>,
  what: string,
  { timeoutMs = 60_000, everyMs = 20 } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Resolves once the child has printed `text` on stdout; rejects if it exits first. */
export function waitForOutput(child: ChildProcess, text: string, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(
      () => finish(new Error(`no "${text}" within ${timeoutMs} ms: ${output}`)),
      timeoutMs,
    );
    const onData = (d: Buffer) => {
      output += d;
      if (output.includes(text)) finish();
    };
    const onExit = (code: number | null, signal: string | null) =>
      finish(new Error(`exited (${code ?? signal}) before printing "${text}": ${output}`));
    function finish(error?: Error) {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
      if (error) reject(error);
      else resolve(output);
    }
    child.stdout?.on("data", onData);
    child.once("exit", onExit);
  });
}

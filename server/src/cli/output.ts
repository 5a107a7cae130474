/**
 * Where the CLI's output goes: stdout (text, or JSON with `--json`), and how it waits for Ctrl-C.
 */

/** The options every command sees (`keyline --json <command>`). */
export interface GlobalOptions {
  json?: boolean;
}

export const isTty = (): boolean => process.stdout.isTTY === true;
export const print = (text: string): void => {
  process.stdout.write(`${text}\n`);
};
export const printJson = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};

/** Resolves at the first SIGINT or SIGTERM (the long-running commands stop then). */
export async function waitForSignal(): Promise<void> {
  await new Promise<void>((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}

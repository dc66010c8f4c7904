// How the `wright` process reacts to being asked to stop. Ctrl-C (SIGINT), SIGTERM (what `timeout`, CI cancel
// buttons and `kill` send) and SIGHUP (the terminal was closed) all cancel the running operation the same way:
// the engine ends its child process groups and removes a half-made cluster. A second signal leaves at once.
// The exit code says which signal it was, as shells do: 128 + its number (130, 143, 129).

export const CANCEL_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type CancelSignal = (typeof CANCEL_SIGNALS)[number];

const SIGNAL_NUMBERS: Record<CancelSignal, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

export const exitCodeForSignal = (signal: CancelSignal): number => 128 + SIGNAL_NUMBERS[signal];

export interface SignalHost {
  on(signal: CancelSignal, listener: () => void): unknown;
  exit(code: number): never;
}

export interface CancelOnSignals {
  readonly signal: AbortSignal;
  /** The first signal received, if any. */
  readonly received: CancelSignal | undefined;
}

/**
 * Turns the first of SIGINT/SIGTERM/SIGHUP into an abort of the returned signal; a second one exits at once with
 * its code. `say` prints the notice (it must not throw: after SIGHUP the terminal is gone).
 */
export function cancelOnSignals(host: SignalHost, say: (text: string) => void): CancelOnSignals {
  const controller = new AbortController();
  let received: CancelSignal | undefined;
  for (const name of CANCEL_SIGNALS) {
    host.on(name, () => {
      if (received) host.exit(exitCodeForSignal(name));
      received = name;
      const how = name === 'SIGINT' ? 'press Ctrl-C again to quit at once' : `send ${name} again to quit at once`;
      say(`\nCancelling (${how})...\n`);
      controller.abort();
    });
  }
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
  };
}

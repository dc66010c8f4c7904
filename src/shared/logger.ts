// The logging contract shared by the engine, the CLI and the extension: a few levels, nothing else.
// Implementations: the "WRight" LogOutputChannel in VS Code, stderr in the CLI, a recorder in tests.

export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

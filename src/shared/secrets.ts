// Keeps secret values out of logs and messages: every value registered here is masked in any text passed
// through redact(). The engine registers secrets as soon as it reads or generates them.

import type { Logger } from './logger';

const MASK = '******';
// Short values (e.g. "postgres") would mask ordinary words everywhere; they are not secrets worth the noise.
const MIN_SECRET_LENGTH = 6;

export class SecretRedactor {
  private readonly secrets = new Set<string>();

  add(...values: readonly string[]): void {
    for (const value of values) {
      if (value.length >= MIN_SECRET_LENGTH) this.secrets.add(value);
    }
  }

  redact(text: string): string {
    let result = text;
    // Longest first, so a secret that contains another is masked whole.
    const ordered = [...this.secrets].sort((a, b) => b.length - a.length);
    for (const secret of ordered) result = result.split(secret).join(MASK);
    return result;
  }
}

/** Wraps a logger so that nothing it writes can contain a registered secret. */
export function redactingLogger(logger: Logger, redactor: SecretRedactor): Logger {
  return {
    trace: (message) => logger.trace(redactor.redact(message)),
    debug: (message) => logger.debug(redactor.redact(message)),
    info: (message) => logger.info(redactor.redact(message)),
    warn: (message) => logger.warn(redactor.redact(message)),
    error: (message) => logger.error(redactor.redact(message)),
  };
}

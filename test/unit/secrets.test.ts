import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SecretRedactor, redactingLogger } from '../../src/shared/secrets';
import type { Logger } from '../../src/shared/logger';

test('redact masks every registered secret, longest first', () => {
  const redactor = new SecretRedactor();
  redactor.add('s3cr3t-value', 's3cr3t-value-longer');
  assert.equal(redactor.redact('a=s3cr3t-value-longer b=s3cr3t-value'), 'a=****** b=******');
});

test('short values are not treated as secrets', () => {
  const redactor = new SecretRedactor();
  redactor.add('pg');
  assert.equal(redactor.redact('pg_isready'), 'pg_isready');
});

test('a redacting logger never passes a secret through', () => {
  const lines: string[] = [];
  const record = (line: string): void => void lines.push(line);
  const inner: Logger = { trace: record, debug: record, info: record, warn: record, error: record };
  const redactor = new SecretRedactor();
  const logger = redactingLogger(inner, redactor);
  redactor.add('hunter2-password');
  logger.info('password=hunter2-password');
  logger.error('failed with hunter2-password');
  assert.deepEqual(lines, ['password=******', 'failed with ******']);
});

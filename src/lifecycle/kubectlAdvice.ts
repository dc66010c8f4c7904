// kubectl's own advice is sometimes the wrong fix. When the API server does not answer while `kubectl apply`
// downloads the schema it validates against, kubectl says "error validating data: failed to download openapi ...;
// if you choose to ignore these errors, turn validation off with --validate=false". The manifests are fine and
// turning validation off is never WRight's advice: the failure is reported as the outage it is.
import { ProcessFailedError } from '../process/errors';
import { UserFacingError } from '../shared/failures';

const VALIDATE_ADVICE = /;?\s*if you choose to ignore these errors, turn validation off with --validate=false/gi;
const OUTAGE = /failed to download openapi|ServiceUnavailable|the server is currently unable to handle the request|connection refused|was refused|context deadline exceeded|Client\.Timeout exceeded|i\/o timeout|did not finish within|\b50[234]\b/i;

/** kubectl's stderr without its advice to disable validation. */
export function withoutValidateAdvice(stderr: string): string {
  return stderr
    .replace(VALIDATE_ADVICE, '')
    .split(/\r?\n/)
    .filter((line) => !line.includes('--validate=false'))
    .join('\n');
}

/** A failed apply, explained: an API outage as such (exit 5), otherwise kubectl's error minus the bad advice. */
export function explainApplyFailure(error: unknown, clusterName: string): unknown {
  if (!(error instanceof ProcessFailedError)) return error;
  const stderr = withoutValidateAdvice(error.stderr).trim();
  if (OUTAGE.test(error.stderr)) {
    return new UserFacingError(
      `The API server of "${clusterName}" stopped answering while the manifests were applied (nothing is wrong with them). Try again once it answers: wright status, then wright deploy.`,
      [],
      stderr,
      'cluster-unreachable',
    );
  }
  if (stderr === error.stderr.trim()) return error;
  return new UserFacingError(`Applying the manifests failed: ${firstLine(stderr)}`, [], stderr, 'manifests');
}

function firstLine(text: string): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /^error/i.test(l)) ?? lines[0] ?? 'kubectl apply failed';
}

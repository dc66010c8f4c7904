// `wright verify`: runs the verification engine against WRight's cluster and prints a table of the checks (each
// with what was measured, against which threshold, and for a failure the reason and the way forward), or with
// --json one JSON document (schema in docs/cli.md). Exit 0 when every check passes, 5 when one fails; 4 when
// there is no cluster; on --json a failure to run at all is {"ok":false,"error":{code,message}}.
import { clusterTargetFor } from '../lifecycle/clusterTarget';
import type { LifecycleEngine } from '../lifecycle/engine';
import { describeFailure, failureCode } from '../shared/failures';
import type { Logger } from '../shared/logger';
import type { SecretRedactor } from '../shared/secrets';
import { formatMs } from '../verify/latency';
import { summarizeReport, type CheckResult, type VerifyReport } from '../verify/report';
import { verifyCluster } from '../verify/verifyCluster';
import type { CliArgs } from './args';
import { EXIT, exitCodeFor } from './exitCodes';
import { formatFailure } from './format';

export interface VerifyIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly signal: AbortSignal;
}

export async function runVerify(
  args: CliArgs,
  where: { readonly stateDir: string; readonly workspaceDir: string },
  engine: LifecycleEngine,
  logger: Logger,
  redactor: SecretRedactor,
  io: VerifyIo,
): Promise<number> {
  const settings = args.settings;
  const flags = args.verify ?? { restart: false, samples: 20 };
  try {
    const recordedPorts = await engine.ingressPortsOf(settings.clusterName);
    const report = await verifyCluster({
      target: clusterTargetFor(settings, where),
      clusterName: settings.clusterName,
      ingressPort: recordedPorts?.httpPort ?? settings.ingress.httpPort,
      samples: flags.samples,
      restart: flags.restart,
      timings: await engine.timingsOf(settings.clusterName),
      redactor,
      logger,
      signal: io.signal,
      onCheck: args.json ? undefined : (check, index, total) => io.stderr(`• ${check.title} (${index + 1}/${total})\n`),
    });
    io.stdout(args.json ? `${JSON.stringify(report, null, 2)}\n` : formatVerifyReport(report));
    return report.ok ? EXIT.ok : EXIT.notReady;
  } catch (error) {
    const code = exitCodeFor(error);
    if (args.json) {
      const message = redactor.redact(describeFailure(error).message.replace(/^WRight: /, ''));
      io.stdout(`${JSON.stringify({ ok: false, error: { code: code === EXIT.cancelled ? 'cancelled' : failureCode(error), message } }, null, 2)}\n`);
    } else if (code === EXIT.cancelled) {
      io.stderr('Cancelled. Port-forwards and markers were cleaned up.\n');
    } else {
      io.stderr(redactor.redact(formatFailure(error)));
    }
    return code;
  }
}

const MARK = { pass: '✓', fail: '✗', skipped: '-' } as const;

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** The terminal table: mark, check, measured value, threshold; reason and way forward under a failed or skipped check. */
export function formatVerifyReport(report: VerifyReport): string {
  const titleWidth = Math.max(...report.checks.map((c) => c.title.length), 5);
  const measuredWidth = Math.min(Math.max(...report.checks.map((c) => c.measured.length), 8), 70);
  const lines = [`Verifying ${report.cluster} (context ${report.context})`, `  ${pad('', 1)} ${pad('CHECK', titleWidth)}  ${pad('MEASURED', measuredWidth)}  TARGET`];
  const explain = (check: CheckResult): string[] => {
    const out: string[] = [];
    if (check.reason) out.push(`      ${check.status === 'skipped' ? 'skipped: ' : ''}${check.reason}`);
    if (check.fix) out.push(`      → ${check.fix}`);
    return out;
  };
  for (const check of report.checks) {
    lines.push(`  ${MARK[check.status]} ${pad(check.title, titleWidth)}  ${pad(check.measured, measuredWidth)}  ${check.threshold}`);
    if (check.status !== 'pass') lines.push(...explain(check));
  }
  lines.push(`${summarizeReport(report)} (${formatMs(report.durationMs)})`);
  return lines.join('\n') + '\n';
}

// The verification report as Markdown, for VS Code's Markdown preview: a summary, a table with every check's
// measured value and threshold, then each failed or skipped check with its reason and way forward, then what
// each check proves. Pure text: no vscode import.
import { formatMs } from './latency';
import { summarizeReport, type CheckResult, type VerifyReport } from './report';

// Plain symbols and words, not emoji: they render in every font (a machine without an emoji font shows boxes).
const ICON = { pass: '✓ pass', fail: '✗ **fail**', skipped: '– skipped' } as const;
const MARK = { pass: '✓', fail: '✗', skipped: '–' } as const;

function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function explanation(check: CheckResult): string[] {
  const lines = [`### ${MARK[check.status]} ${check.title} (\`${check.id}\`)`, ''];
  if (check.reason) lines.push(`**${check.status === 'fail' ? 'Why it failed' : 'Why it was skipped'}:** ${check.reason}`, '');
  if (check.fix) lines.push(`**Way forward:** ${check.fix}`, '');
  return lines;
}

export function reportMarkdown(report: VerifyReport): string {
  const when = report.startedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  const lines = [
    `# WRight verification: ${report.cluster}`,
    '',
    `${report.ok ? '✓' : '✗'} **${summarizeReport(report)}** Verified ${when} in ${formatMs(report.durationMs)} (context \`${report.context}\`).`,
    '',
    '| Result | Check | Measured | Target |',
    '|---|---|---|---|',
    ...report.checks.map((c) => `| ${ICON[c.status]} | ${cell(c.title)} | ${cell(c.measured)} | ${cell(c.threshold)} |`),
    '',
  ];
  const attention = report.checks.filter((c) => c.status !== 'pass');
  if (attention.length > 0) lines.push('## Needs attention', '', ...attention.flatMap(explanation));
  lines.push('## What each check proves', '', ...report.checks.map((c) => `- **${c.title}** (\`${c.id}\`): ${c.criterion}`), '');
  lines.push('Run the same checks from a terminal with `wright verify` (`--restart` for the persistence check, `--json` for scripts).', '');
  return lines.join('\n');
}

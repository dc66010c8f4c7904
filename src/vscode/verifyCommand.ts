// "WRight: Verify Staging Cluster": runs the verification engine (src/verify) with a cancellable progress
// notification that names each check, then opens the report as a Markdown preview, shows a one-line summary, and
// puts "last verified <when>: <result>" under the status bar's tooltip. The persistence check restarts pods, so
// it runs only after a modal confirmation ("Verify with Pod Restarts" in the summary notification, or the
// argument { restart: true }; { restart: true, confirmed: true } skips the question, for tests).
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ClusterTarget } from '../k8s/kubeClient';
import type { LifecycleEngine } from '../lifecycle/engine';
import type { Logger } from '../shared/logger';
import type { SecretRedactor } from '../shared/secrets';
import type { VerifyReport } from '../verify/report';
import { registerCommand, type CommandContext } from './commandRunner';
import { readSettings } from './settings';

export interface VerifyArgs {
  /** Run the persistence check (deletes the postgres and redis pods); asks first unless `confirmed`. */
  readonly restart?: boolean;
  /** The restart was already confirmed (integration tests cannot answer a modal). */
  readonly confirmed?: boolean;
  readonly samples?: number;
  /** Do not open the report (tests read it from the returned value). */
  readonly quiet?: boolean;
}

export interface VerifyCommandDeps extends CommandContext {
  readonly engine: LifecycleEngine;
  readonly redactor: SecretRedactor;
  readonly logger: Logger;
  readonly target: () => ClusterTarget;
  readonly statusBar: { setFootnote(footnote: string | undefined): void };
}

export interface LastVerification {
  readonly report: VerifyReport;
  readonly reportFile: string;
}

const STATE_KEY = 'wright.lastVerification';
const RESTART_QUESTION = 'Also check that data survives pod restarts?';
const RESTART_DETAIL = 'WRight writes a marker row and key, deletes the postgres and redis pods, waits for their replacements and reads the markers back. The databases are unavailable for a moment.';

function footnoteOf(summary: string, at: string): string {
  return `Last verified ${new Date(at).toLocaleString()}: ${summary}`;
}

export function registerVerifyCommand(context: vscode.ExtensionContext, deps: VerifyCommandDeps): { last(): LastVerification | undefined } {
  let last: LastVerification | undefined;
  const stored = context.globalState.get<{ summary?: unknown; at?: unknown }>(STATE_KEY);
  if (typeof stored?.summary === 'string' && typeof stored.at === 'string') deps.statusBar.setFootnote(footnoteOf(stored.summary, stored.at));

  const verify = async (args: VerifyArgs = {}): Promise<VerifyReport | undefined> => {
    // The verification engine is a bundle of its own (dist/verify.js): activation does not load it.
    const { summarizeReport, reportMarkdown, verifyCluster } = await import('../verify/verifyEntry');
    const settings = readSettings();
    const target = deps.target();
    const recorded = await deps.engine.ingressPortsOf(settings.clusterName);
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `WRight: Verifying "${settings.clusterName}"`, cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        const subscription = token.onCancellationRequested(() => controller.abort());
        try {
          return await verifyCluster({
            target,
            clusterName: settings.clusterName,
            ingressPort: recorded?.httpPort ?? settings.ingress.httpPort,
            samples: args.samples ?? 20,
            restart: args.restart ?? false,
            timings: await deps.engine.timingsOf(settings.clusterName),
            redactor: deps.redactor,
            logger: deps.logger,
            signal: controller.signal,
            onCheck: (check, index, total) => progress.report({ message: `${check.title} (${index + 1}/${total})`, increment: index === 0 ? 0 : 100 / total }),
          });
        } finally {
          subscription.dispose();
        }
      },
    );

    const summary = summarizeReport(report);
    const reportFile = join(context.globalStorageUri.fsPath, 'verification', `${settings.clusterName}.md`);
    await fs.mkdir(join(reportFile, '..'), { recursive: true });
    await fs.writeFile(reportFile, reportMarkdown(report), { mode: 0o600 });
    last = { report, reportFile };
    deps.statusBar.setFootnote(footnoteOf(summary, report.startedAt));
    await context.globalState.update(STATE_KEY, { summary, at: report.startedAt });
    deps.output.info(summary);

    const showReport = (): Thenable<unknown> => vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.file(reportFile));
    if (!args.quiet) await showReport();
    const actions = ['Show Report', ...(args.restart ? [] : ['Verify with Pod Restarts'])];
    const notify = report.ok ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    // Not awaited: the command's result is the report; the user answers the notification whenever.
    void notify(`WRight: ${summary}`, ...actions).then(async (picked) => {
      if (picked === 'Show Report') await showReport();
      if (picked === 'Verify with Pod Restarts') await vscode.commands.executeCommand('wright.verify', { restart: true, samples: args.samples });
    });
    return report;
  };

  registerCommand(context, deps, 'wright.verify', async (args?: VerifyArgs) => {
    if (args?.restart && !args.confirmed) {
      const confirmed = await vscode.window.showWarningMessage(RESTART_QUESTION, { modal: true, detail: RESTART_DETAIL }, 'Restart Pods and Verify');
      if (confirmed !== 'Restart Pods and Verify') return undefined;
    }
    return verify(args ?? {});
  });
  return { last: () => last };
}

// "WRight: Select Environment" and "WRight: Deploy to Environment". Deploying to a remote environment shows the
// diff first (live objects beside the API server's dry run, in VS Code's diff editor), then asks: a modal
// naming the context and the API server URL for staging, the context's name typed for production. Only then
// does anything reach the cluster. The engine (src/environments) does the work; this file is the dialogue.
import * as vscode from 'vscode';
import { typedAnswerConfirms, type ConfirmationRule } from '../environments/confirmation';
import { LOCAL_ENVIRONMENT, type RemoteEnvironment } from '../environments/environment';
import { applyEnvironmentDeploy, prepareEnvironmentDeploy, type EnvironmentDeployPlan } from '../environments/environmentDeploy';
import type { LifecycleEngine } from '../lifecycle/engine';
import { Operation, type OperationOptions } from '../lifecycle/operation';
import { registerCommand, type CommandContext } from './commandRunner';
import type { EnvironmentSelection } from './environmentSelection';
import { withOperationProgress } from './operationProgress';
import { readSettings } from './settings';
import { requireWorkspaceTrust } from './workspaceTrust';

export interface EnvironmentCommandDeps extends CommandContext {
  readonly selection: EnvironmentSelection;
  readonly engine: Pick<LifecycleEngine, 'deps'>;
  /**
   * Replaces the confirmation dialogue while it returns one: only the extension's own tests set it (through the
   * test-mode API), because a modal cannot be answered from the extension host.
   */
  readonly dialog?: () => DeployDialog | undefined;
}

/** Asks whether to apply a prepared deploy (the diff is open in the editor by then). */
export type DeployDialog = (rule: ConfirmationRule, plan: EnvironmentDeployPlan) => Promise<boolean>;

const DIFF_SCHEME = 'wright-diff';

export interface DeployOutcome {
  readonly environment: string;
  readonly applied: boolean;
  readonly changed: boolean;
}

export function registerEnvironmentCommands(context: vscode.ExtensionContext, deps: EnvironmentCommandDeps): void {
  const documents = new Map<string, string>();
  const changed = new vscode.EventEmitter<vscode.Uri>();
  context.subscriptions.push(
    changed,
    vscode.workspace.registerTextDocumentContentProvider(DIFF_SCHEME, { onDidChange: changed.event, provideTextDocumentContent: (uri) => documents.get(uri.path) ?? '' }),
  );

  registerCommand(context, deps, 'wright.selectEnvironment', async (name?: string) => {
    if (typeof name === 'string') return (await deps.selection.select(name)).name;
    const { environments, problems } = deps.selection.configured();
    const current = deps.selection.current().name;
    type Item = vscode.QuickPickItem & { readonly name?: string };
    const items: Item[] = [
      { label: LOCAL_ENVIRONMENT, name: LOCAL_ENVIRONMENT, description: 'the local kind cluster', ...(current === LOCAL_ENVIRONMENT ? { detail: '$(check) shown now' } : {}) },
      ...environments.map((environment) => ({
        label: environment.name,
        name: environment.name,
        description: `${environment.overlay} · context ${environment.context}`,
        ...(current === environment.name ? { detail: '$(check) shown now' } : {}),
      })),
      { label: '$(gear) Add an Environment…', description: 'wright.environments in Settings' },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: 'WRight: Select Environment', placeHolder: problems.length > 0 ? `Left out: ${problems.join(' ')}` : 'The cluster the view shows and deploys to' });
    if (!picked) return undefined;
    if (!picked.name) {
      await vscode.commands.executeCommand('workbench.action.openSettingsJson', { revealSetting: { key: 'wright.environments', edit: true } });
      return undefined;
    }
    return (await deps.selection.select(picked.name)).name;
  });

  registerCommand(context, deps, 'wright.deployToEnvironment', async (): Promise<DeployOutcome | undefined> => {
    requireWorkspaceTrust('wright.deployToEnvironment');
    const environment = deps.selection.current();
    if (environment.kind === 'local') {
      await vscode.commands.executeCommand('wright.deploy');
      return undefined;
    }
    const plan = await withOperationProgress(`WRight: Diff for ${environment.name}`, true, (options) => prepareEnvironmentDeploy(operation(environment, options), environment));
    if (!plan.changed) {
      void vscode.window.showInformationMessage(`WRight: no changes. The ${plan.overlay} overlay matches what runs in ${environment.name} (context ${environment.context}).`);
      return { environment: environment.name, applied: false, changed: false };
    }
    await showDiff(plan);
    if (!(await (deps.dialog?.() ?? confirm)(plan.confirmation, plan))) {
      void vscode.window.showInformationMessage(`WRight: nothing was deployed to ${environment.name}.`);
      return { environment: environment.name, applied: false, changed: true };
    }
    const workloads = await withOperationProgress(`WRight: Deploying to ${environment.name}`, true, (options) => applyEnvironmentDeploy(operation(environment, options), plan));
    void vscode.window.showInformationMessage(`WRight: deployed the ${plan.overlay} overlay to ${environment.name}; ${workloads.length} workloads ready.`);
    return { environment: environment.name, applied: true, changed: true };
  });

  const operation = (environment: RemoteEnvironment, options: Pick<OperationOptions, 'progress' | 'signal'>): Operation =>
    new Operation(deps.engine.deps, { ...options, settings: readSettings(), remote: { kubeconfig: environment.kubeconfig, context: environment.context } });

  const showDiff = async (plan: EnvironmentDeployPlan): Promise<void> => {
    const stamp = Date.now();
    const live = vscode.Uri.from({ scheme: DIFF_SCHEME, path: `/${plan.environment.name}/live-${stamp}.yaml` });
    const after = vscode.Uri.from({ scheme: DIFF_SCHEME, path: `/${plan.environment.name}/after-deploy-${stamp}.yaml` });
    documents.set(live.path, plan.sides.live);
    documents.set(after.path, plan.sides.merged);
    const title = `${plan.environment.name}: live ↔ after deploy (${plan.overlay}, context ${plan.environment.context})`;
    await vscode.commands.executeCommand('vscode.diff', live, after, title, { preview: false });
  };
}

/** Staging: a modal that names the context and the server. Production: the context's name, typed. */
async function confirm(rule: ConfirmationRule, plan: EnvironmentDeployPlan): Promise<boolean> {
  const detail = [
    `The diff editor shows what changes.`,
    plan.newNamespaces.length > 0 ? `New namespaces: ${plan.newNamespaces.join(', ')}.` : '',
    `Secrets: ${plan.secrets.map((secret) => `${secret.name} (${secret.source})`).join(', ')}.`,
  ]
    .filter(Boolean)
    .join('\n');
  if (rule.kind === 'yes-no') {
    return (await vscode.window.showWarningMessage(rule.question, { modal: true, detail }, 'Deploy')) === 'Deploy';
  }
  const answer = await vscode.window.showInputBox({
    title: `WRight: Deploy to PRODUCTION (${plan.environment.name})`,
    prompt: rule.question,
    placeHolder: rule.context,
    ignoreFocusOut: true,
    validateInput: (value) => (typedAnswerConfirms(rule, value) || value === '' ? undefined : `Type ${rule.context} exactly to deploy, or press Escape.`),
  });
  return typedAnswerConfirms(rule, answer);
}


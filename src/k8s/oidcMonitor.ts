// Keeps the view's answer to "did Authentik apply WRight's OIDC blueprint?" (src/lifecycle/oidcCheck.ts) fresh
// without hammering anything: a check runs only while authentik-server has a ready pod, one at a time, and again
// after a pause (short while there is a problem, long once applied). The Secrets come through a reader (client-node
// in the extension); their secret values go to the redactor before anything else happens with them.
import { checkOidc, nodeHttpGet, type HttpGet, type OidcCheck } from '../lifecycle/oidcCheck';
import { OIDC_CLIENT_NAMESPACES, OIDC_CLIENT_SECRET_NAME, oidcSettingsFromSecret } from '../lifecycle/oidcClient';
import { isSecretKey } from '../lifecycle/secretValues';

export interface OidcMonitorDeps {
  readonly readSecret: (namespace: string, name: string) => Promise<Record<string, string>>;
  readonly redact: (values: readonly string[]) => void;
  /** Called when the answer changes. */
  readonly onChange: () => void;
  readonly get?: HttpGet;
  readonly now?: () => number;
  /** Pause after an answer with a problem / after "applied" or "no OIDC client". */
  readonly retryMs?: number;
  readonly recheckMs?: number;
}

export class OidcMonitor {
  private answer: OidcCheck | undefined;
  private pending: Promise<void> | undefined;
  private lastRun = Number.NEGATIVE_INFINITY;
  private generation = 0;

  constructor(private readonly deps: OidcMonitorDeps) {}

  get current(): OidcCheck | undefined {
    return this.answer;
  }

  /** Called on every render: checks when Authentik serves and the pause is over. */
  update(authentikReady: boolean): void {
    if (!authentikReady || this.pending) return;
    const now = (this.deps.now ?? Date.now)();
    // Quick retries only while there is a problem to see resolved; "applied" and "no OIDC client" hold for long.
    const pause = this.answer?.state === 'problem' ? (this.deps.retryMs ?? 10_000) : (this.deps.recheckMs ?? 60_000);
    if (now - this.lastRun < pause) return;
    this.lastRun = now;
    this.pending = this.check(this.generation).finally(() => (this.pending = undefined));
  }

  /** The cluster changed (another kubeconfig, teardown, a deploy just ended): forget the answer, ask again. */
  reset(): void {
    this.generation++;
    this.lastRun = Number.NEGATIVE_INFINITY;
    this.set(undefined);
  }

  /** Resolves once the check that is running (if any) has settled: for tests. */
  settled(): Promise<void> {
    return this.pending ?? Promise.resolve();
  }

  private async check(generation: number): Promise<void> {
    const client = await this.read(OIDC_CLIENT_NAMESPACES[0], OIDC_CLIENT_SECRET_NAME);
    const settings = client ? oidcSettingsFromSecret(client) : undefined;
    // No oidc-client Secret: custom manifests, or not deployed yet. Nothing to say.
    const answer = settings ? await checkOidc(settings, (await this.read('staging-infra', 'authentik-secrets'))?.['AUTHENTIK_BOOTSTRAP_TOKEN'], this.deps.get ?? nodeHttpGet) : undefined;
    if (generation === this.generation) this.set(answer);
  }

  private async read(namespace: string, name: string): Promise<Record<string, string> | undefined> {
    try {
      const data = await this.deps.readSecret(namespace, name);
      this.deps.redact(Object.entries(data).filter(([key]) => isSecretKey(key)).map(([, value]) => value));
      return data;
    } catch {
      return undefined;
    }
  }

  private set(answer: OidcCheck | undefined): void {
    if (JSON.stringify(answer) === JSON.stringify(this.answer)) return;
    this.answer = answer;
    this.deps.onChange();
  }
}

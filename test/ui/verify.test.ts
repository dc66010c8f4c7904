// "WRight: Verify Staging Cluster" in a real VS Code (code-server) with the packaged .vsix, against a cluster whose
// databases are real: the verify world process (fake API server, PGlite with pgvector and Debian's redis-server
// behind its port-forward, a local ingress). Runs the command from the palette, sees the progress, the summary
// notification and the Markdown report, and the status bar tooltip's "Last verified" line. Screenshots go to
// .test-output/verify/ (the lead curates them into docs/images/).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { repoRoot } from '../harness/testTools';
import { openPackagedWorkbench, type PackagedWorkbench } from './packagedWorkbench';
import type { Workbench } from './workbench';

const screenshotDir = join(repoRoot, '.test-output', 'verify');
const STATUS_ID = 'wright-now.wright-staging.wright.status';

interface WorldInfo {
  readonly kubeconfig: string;
  readonly cluster: string;
  readonly ingressPort: number;
}

function startWorld(): Promise<{ child: ChildProcess; info: WorldInfo }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test', 'ui', 'verifyWorldProcess.ts')], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
      const line = /^ready (.+)$/m.exec(output);
      if (line?.[1]) resolve({ child, info: JSON.parse(line[1]) as WorldInfo });
    });
    child.once('exit', (code) => reject(new Error(`the verify world exited with ${code}: ${output}`)));
  });
}

describe('Verify Staging Cluster in code-server', { timeout: 300_000 }, () => {
  let world: ChildProcess | undefined;
  let opened: PackagedWorkbench | undefined;
  let workbench: Workbench;

  before(async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'wright-ui-verify-'));
    const started = await startWorld();
    world = started.child;
    opened = await openPackagedWorkbench({
      scratch,
      screenshotDir,
      baseDir: join(scratch, 'code-server'),
      workspace: join(scratch, 'workspace'),
      settings: {
        'wright.kubeconfig': started.info.kubeconfig,
        'wright.clusterName': started.info.cluster,
        'wright.ingress.httpPort': started.info.ingressPort,
        'workbench.colorTheme': 'Default Dark Modern',
        'remote.autoForwardPorts': false,
      },
      viewport: { width: 1280, height: 800 },
    });
    workbench = opened.workbench;
  });

  after(async () => {
    await opened?.close();
    if (world && world.exitCode === null) {
      const exited = new Promise((resolve) => world?.once('exit', resolve));
      world.kill('SIGTERM');
      await exited;
    }
  });

  test('the command runs every check, shows a summary, and opens the report with the measured values', async () => {
    const sideBar = await workbench.openView('WRight');
    // The cluster is present: the view lists its namespaces and the title bar offers Verify.
    await sideBar.locator('.monaco-list-row', { hasText: 'staging-infra' }).first().waitFor({ timeout: 60_000 });
    await workbench.runCommand('WRight: Verify Staging Cluster');
    const summary = await workbench.readNotification(/Verified verify-test: 10 passed, 4 skipped\./);
    assert.deepEqual(summary.buttons, ['Show Report', 'Verify with Pod Restarts']);

    // The Markdown preview is a webview: find the frame that renders the report.
    const page = workbench.page;
    const report = await (async () => {
      for (let i = 0; i < 150; i++) {
        for (const frame of page.frames()) {
          const text = await frame.locator('body').innerText({ timeout: 500 }).catch(() => '');
          if (text.includes('WRight verification: verify-test') && text.includes('Needs attention')) return text;
        }
        await page.waitForTimeout(200);
      }
      throw new Error('the verification report did not open');
    })();
    assert.match(report, /PostgreSQL \(app\)\s+SELECT 1 ok; vector 0\.8\.\d+; distance 5\.196/);
    assert.match(report, /Redis\s+AUTH ok; PONG; SET\/GET ok; appendonly yes/);
    assert.match(report, /Ingress latency\s+p50 [\d.]+ ms, p95 [\d.]+ ms over 20 requests\s+p95 ≤ 100 ms/);
    assert.match(report, /OIDC discovery\s+HTTP 200; issuer http:\/\/auth\.wright\.localhost:\d+\/application\/o\/wright-staging\//);
    assert.match(report, /Way forward: wright verify --restart/);
    await workbench.screenshot('verify-report');

    // The status bar's tooltip says when the cluster was last verified, and the result.
    const item = workbench.statusBarItem(STATUS_ID);
    await item.hover();
    await page.locator('.monaco-hover', { hasText: 'Last verified' }).first().waitFor();
    const hover = await page.locator('.monaco-hover', { hasText: 'Last verified' }).first().innerText();
    assert.match(hover, /Last verified .+: Verified verify-test: 10 passed, 4 skipped\./);
    await workbench.screenshot('status-bar-last-verified');
  });
});

// The ingress, as a browser reaches it: HTTP to 127.0.0.1:<ingress port> with the Host header
// auth.wright.localhost (so no DNS set-up is needed), path /-/health/ready/ (Authentik's readiness endpoint).
// One warm-up request, then N timed samples over one keep-alive connection; every answer must be 2xx, and the
// p95 of the samples must be within the proposal's 100 ms target.
import { Agent, request } from 'node:http';
import { failed, passed, skipped, type CheckDefinition } from './check';
import { formatMs, percentile } from './latency';
import { INGRESS_HOST, INGRESS_READY_PATH, type VerifyContext } from './verifyContext';

export const LATENCY_TARGET_MS = 100;
const REQUEST_TIMEOUT_MS = 5_000;
const MEMO_KEY = 'ingress-samples';

interface Answer {
  readonly status: number;
  readonly ms: number;
}

function get(port: number, agent: Agent, signal: AbortSignal): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request({ host: '127.0.0.1', port, path: INGRESS_READY_PATH, method: 'GET', headers: { Host: INGRESS_HOST }, agent, timeout: REQUEST_TIMEOUT_MS, signal }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)));
    req.on('error', reject);
    req.end();
  });
}

function url(ctx: VerifyContext): string {
  return `http://${INGRESS_HOST}:${ctx.ingressPort}${INGRESS_READY_PATH}`;
}

export const ingressCheck: CheckDefinition<VerifyContext> = {
  id: 'ingress',
  title: 'Ingress routes',
  criterion: 'The nginx ingress on 127.0.0.1 routes auth.wright.localhost to Authentik, which answers its readiness endpoint with success.',
  threshold: 'every answer 2xx',
  async run(ctx) {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const answers: Answer[] = [];
    try {
      try {
        await get(ctx.ingressPort, agent, ctx.signal); // warm-up: connection set-up is not the ingress's latency
        for (let i = 0; i < ctx.samples; i++) answers.push(await get(ctx.ingressPort, agent, ctx.signal));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return failed('no answer', `GET ${url(ctx)} (sent to 127.0.0.1:${ctx.ingressPort}) failed: ${reason}`, `is the ingress published on port ${ctx.ingressPort}? Check the ingress-nginx pod (kubectl -n ingress-nginx get pods) and that the cluster was created with this --http-port`);
      }
    } finally {
      agent.destroy();
    }
    ctx.memo.set(MEMO_KEY, answers.map((a) => a.ms));
    const bad = answers.filter((a) => a.status < 200 || a.status > 299);
    const statuses = [...new Set(answers.map((a) => a.status))].sort().join(', ');
    const measured = `${answers.length - bad.length}/${answers.length} answers 2xx (HTTP ${statuses})`;
    const values = { ok: answers.length - bad.length, samples: answers.length, status: bad[0]?.status ?? answers[0]?.status ?? null };
    if (bad.length > 0) {
      const status = bad[0]?.status ?? 0;
      const fix =
        status === 503
          ? 'HTTP 503: the ingress has no ready Authentik pod behind it yet. Wait for authentik-server to be ready (WRight view) and verify again'
          : status === 404
            ? 'HTTP 404: no Ingress matches auth.wright.localhost. Run wright deploy'
            : 'look at the authentik-server and ingress-nginx pods\' logs';
      return failed(measured, `${bad.length} of ${answers.length} requests to ${url(ctx)} answered HTTP ${status}`, fix, values);
    }
    return passed(measured, values);
  },
};

export const ingressLatencyCheck: CheckDefinition<VerifyContext> = {
  id: 'ingress-latency',
  title: 'Ingress latency',
  criterion: `The ingress answers within the proposal's ${LATENCY_TARGET_MS} ms target once services are ready (p95 of the samples).`,
  threshold: `p95 ≤ ${LATENCY_TARGET_MS} ms`,
  run(ctx) {
    const samples = ctx.memo.get(MEMO_KEY) as number[] | undefined;
    if (!samples || samples.length === 0 || ctx.results.get('ingress') !== 'pass') {
      return skipped('the ingress did not answer with success (see check ingress)');
    }
    const p50 = percentile(samples, 50);
    const p95 = percentile(samples, 95);
    const measured = `p50 ${formatMs(p50)}, p95 ${formatMs(p95)} over ${samples.length} requests`;
    const values = { p50Ms: Number(p50.toFixed(2)), p95Ms: Number(p95.toFixed(2)), samples: samples.length, targetMs: LATENCY_TARGET_MS };
    if (p95 > LATENCY_TARGET_MS) {
      return failed(measured, `p95 ${formatMs(p95)} is over the ${LATENCY_TARGET_MS} ms target`, 'a slow first answer is normal right after start: verify again in a minute. If it stays slow, look at authentik-server\'s CPU limits and logs', values);
    }
    return passed(measured, values);
  },
};

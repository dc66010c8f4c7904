// A list request answered as plain JSON: the objects as the API server sent them, without client-node's typed
// deserialization (which builds a class instance for every nested object and a Date for every timestamp, and is
// most of the time a 20,000-pod list takes). The watcher converts each item to its slim form at once anyway. The
// request carries the kubeconfig's credentials and TLS settings through client-node (`applyToHTTPSOptions`, as its
// own Watch does), and has the same time limit as every other API request (timedApiClient.ts).
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { KubernetesListObject, KubernetesObject } from '@kubernetes/client-node';
import type { LoadedClient } from './kubeClient';
import { API_REQUEST_TIMEOUT_MS } from './timedApiClient';

export async function rawList(client: LoadedClient, path: string, timeoutMs: number = API_REQUEST_TIMEOUT_MS): Promise<KubernetesListObject<KubernetesObject>> {
  const body = await rawGet(client, path, timeoutMs);
  // Like client-node's errors: the status as `statusCode`, never the body (it may hold object data).
  if (body.status < 200 || body.status >= 300) throw Object.assign(new Error(`HTTP ${body.status} listing ${path}`), { statusCode: body.status });
  return JSON.parse(body.text) as KubernetesListObject<KubernetesObject>;
}

/** A GET with the kubeconfig's credentials and TLS settings: the status and the body as text, unparsed. */
export async function rawGet(client: Pick<LoadedClient, 'kc'>, path: string, timeoutMs: number = API_REQUEST_TIMEOUT_MS): Promise<{ status: number; text: string }> {
  const cluster = client.kc.getCurrentCluster();
  if (!cluster) throw new Error('No active cluster!');
  const url = new URL(cluster.server + path);
  const options: RequestOptions & { headers: Record<string, string> } = { method: 'GET', headers: { Accept: 'application/json' } };
  await client.kc.applyToHTTPSOptions(options);
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, options, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`the API server did not answer ${path} within ${timeoutMs / 1000} s`)));
    req.on('error', reject);
    req.end();
  });
}

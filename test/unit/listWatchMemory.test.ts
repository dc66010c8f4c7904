// The list a ListWatch starts with is handed over and dropped: nothing keeps the full objects while the watch that
// follows runs (a suspended async function keeps its locals, which once held a 20,000-pod list, ~100 MB, for the
// life of the view). Checked with a WeakRef on the list's items and a forced garbage collection.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { test } from 'node:test';
import type { KubernetesObject } from '@kubernetes/client-node';
import { loadClient } from '../../src/k8s/kubeClient';
import { ListWatch } from '../../src/k8s/listWatch';
import { rawList } from '../../src/k8s/rawList';
import { seedStagingStack } from '../fixtures/fakeApiServer/scenarios';
import { FakeApiServer } from '../fixtures/fakeApiServer/server';
import { writeKubeconfig } from '../fixtures/kubeconfig';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

test('a ListWatch keeps nothing of its list once the items are handed over, while its watch runs', { timeout: 30_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wright-listwatch-'));
  const server = new FakeApiServer();
  seedStagingStack(server.cluster);
  await server.start();
  let watch: ListWatch | undefined;
  try {
    const kubeconfig = await writeKubeconfig(join(dir, 'kubeconfig'), server.url);
    const client = await loadClient({ kubeconfigPath: kubeconfig.path, context: kubeconfig.context });
    let listed: WeakRef<object> | undefined;
    const kept: string[] = [];
    watch = new ListWatch(
      client,
      '/api/v1/pods',
      async () => {
        const list = await rawList(client, '/api/v1/pods');
        listed = new WeakRef(list.items);
        return list;
      },
      {
        // What a caller keeps: a slim copy (here the names), never the objects.
        listed: (items: readonly KubernetesObject[]) => kept.push(...items.map((item) => item.metadata?.name ?? '')),
        upsert: () => undefined,
        remove: () => undefined,
        failed: (error: unknown) => assert.fail(String(error)),
      },
    );
    await watch.start();
    assert.ok(kept.length > 0, 'the list handed over no pods');
    assert.ok(listed, 'the list function was not called');
    // The watch request is open now; let the event loop settle, then collect.
    for (let round = 0; round < 5 && listed.deref() !== undefined; round++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      gc();
    }
    assert.equal(listed.deref(), undefined, 'the list items are still reachable while the watch runs');
  } finally {
    watch?.stop();
    await server.dispose();
    await rm(dir, { recursive: true, force: true });
  }
});

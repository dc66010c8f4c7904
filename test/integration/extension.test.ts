// The extension foundation inside a real VS Code: it activates, registers every command it declares, its view
// opens, and its "WRight" log channel exists and records the activation.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'wright-now.wright-staging';

interface Manifest {
  version: string;
  contributes: { commands: { command: string }[]; views: Record<string, { id: string }[]> };
}

function extension(): vscode.Extension<unknown> {
  const found = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(found, `${EXTENSION_ID} is not installed in this VS Code`);
  return found;
}

// Read from disk rather than from VS Code's copy, so a command declared there but never registered is caught.
function manifest(): Manifest {
  return JSON.parse(readFileSync(join(extension().extensionPath, 'package.json'), 'utf8')) as Manifest;
}

async function eventually<T>(what: string, probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      const documents = vscode.workspace.textDocuments.map((doc) => `${doc.uri.toString()}: ${JSON.stringify(doc.getText().slice(0, 300))}`);
      assert.fail(`timed out waiting for ${what}; open documents: ${documents.join('; ') || 'none'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

suite('WRight extension', () => {
  suiteSetup(async () => {
    await extension().activate();
  });

  test('activates', () => {
    assert.equal(extension().isActive, true);
  });

  test('registers every command that package.json declares', async () => {
    const declared = manifest().contributes.commands.map((entry) => entry.command);
    assert.ok(declared.length > 0, 'package.json declares no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(declared.filter((command) => !registered.has(command)), []);
  });

  test('opens the WRight view container and focuses the Staging Cluster view', async () => {
    const views = manifest().contributes.views.wright ?? [];
    assert.ok(views.some((view) => view.id === 'wright.cluster'), 'wright.cluster is not declared in the wright container');
    // VS Code only creates these commands for contributed containers and views; executing an unknown one rejects.
    const registered = new Set(await vscode.commands.getCommands(false));
    assert.ok(registered.has('workbench.view.extension.wright'), 'no command opens the WRight view container');
    assert.ok(registered.has('wright.cluster.focus'), 'no command focuses the wright.cluster view');
    await vscode.commands.executeCommand('workbench.view.extension.wright');
    await vscode.commands.executeCommand('wright.cluster.focus');
  });

  test('Show Logs reveals the "WRight" log channel, which holds the activation line', async () => {
    await vscode.commands.executeCommand('wright.showOutput');
    const expected = `WRight ${manifest().version} activated`;
    // A shown output channel is exposed to extensions as a text document with the `output` scheme, named after
    // the extension and the channel (`output:wright-now.wright-staging.WRight.log` in VS Code 1.139).
    const document = await eventually('the WRight output document to hold the activation line', () =>
      vscode.workspace.textDocuments.find(
        (doc) => doc.uri.scheme === 'output' && doc.uri.path.startsWith(`${EXTENSION_ID}.WRight`) && doc.getText().includes(expected),
      ),
    );
    assert.match(document.getText(), /\[info\] WRight \S+ activated/);
  });
});

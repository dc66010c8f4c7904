// The harness contract later suites rely on: the environment the runner passes (fake tools first on PATH, a fake
// API server's address) reaches the extension host unchanged.
import assert from 'node:assert/strict';
import { delimiter } from 'node:path';
import * as vscode from 'vscode';

suite('Test harness', () => {
  test('passes the runner environment and PATH order to the extension host', () => {
    const prepended = process.env.WRIGHT_TEST_PATH_PREPEND;
    assert.ok(prepended, 'WRIGHT_TEST_PATH_PREPEND did not reach the extension host');
    // VS Code puts its own `code` CLI folder first; what matters is that the fakes precede every other tool.
    const path = (process.env.PATH ?? '').split(delimiter).filter((entry) => !entry.startsWith(vscode.env.appRoot));
    assert.equal(path[0], prepended);
  });
});

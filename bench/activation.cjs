// Measures, in a fresh Node process, how long dist/extension.js takes to load and activate() to run, and
// whether the Kubernetes client bundle was loaded on the way (it must not be). VS Code's API is replaced
// by a recording stand-in: every property is a callable stand-in, so the bench does not need to know which
// API calls activate() makes. Prints one JSON line.
const Module = require('node:module');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

function standIn(name) {
  const target = function () {};
  const assigned = new Map();
  return new Proxy(target, {
    set(_target, property, value) {
      assigned.set(property, value);
      return true;
    },
    get(_target, property) {
      if (assigned.has(property)) return assigned.get(property);
      if (property === 'then') return undefined; // not a thenable: `await standIn` must not hang
      if (property === Symbol.toPrimitive) return () => name;
      if (property === Symbol.iterator) return function* () {};
      if (typeof property === 'symbol') return undefined;
      return standIn(`${name}.${property}`);
    },
    apply: () => standIn(`${name}()`),
    construct: () => standIn(`new ${name}`),
  });
}

// esbuild's interop copies the module's own property names, so the top level lists VS Code's namespaces.
const API_NAMES = ['window', 'commands', 'workspace', 'env', 'extensions', 'languages', 'l10n', 'Uri', 'EventEmitter',
  'Disposable', 'TreeItem', 'TreeItemCollapsibleState', 'ThemeIcon', 'ThemeColor', 'MarkdownString', 'StatusBarAlignment',
  'ProgressLocation', 'ConfigurationTarget', 'ViewColumn', 'CancellationTokenSource', 'EnvironmentVariableMutatorType', 'ExtensionMode'];
// A real enum where code compares values (activate() returns its test API only under ExtensionMode.Test).
const ENUMS = { ExtensionMode: { Production: 1, Development: 2, Test: 3 } };
// Settings read their defaults, and no folder is open, as in a fresh window.
const configuration = { get: (_key, fallback) => fallback, has: () => false, inspect: () => undefined, update: async () => undefined };
const workspace = new Proxy(standIn('vscode.workspace'), {
  get: (target, property) =>
    property === 'getConfiguration' ? () => configuration : property === 'workspaceFolders' ? undefined : target[property],
});
const vscode = new Proxy({}, {
  get: (_target, property) =>
    property === 'workspace' ? workspace : typeof property === 'string' ? (ENUMS[property] ?? standIn(`vscode.${property}`)) : undefined,
  ownKeys: () => API_NAMES,
  getOwnPropertyDescriptor: (_target, property) => ({ configurable: true, enumerable: true, value: ENUMS[property] ?? standIn(`vscode.${String(property)}`) }),
});
const originalLoad = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'vscode') return vscode;
  return originalLoad.call(this, request, ...rest);
};

const root = path.resolve(__dirname, '..');
const entry = path.join(root, 'dist', 'extension.js');
const t0 = performance.now();
const extension = require(entry);
const t1 = performance.now();
const context = {
  subscriptions: [],
  extensionMode: 1,
  extension: { packageJSON: require(path.join(root, 'package.json')) },
  extensionPath: root,
  extensionUri: standIn('extensionUri'),
  globalStorageUri: { fsPath: path.join(require('node:os').tmpdir(), 'wright-bench-storage') },
  storageUri: undefined,
  globalState: standIn('globalState'),
  workspaceState: standIn('workspaceState'),
  environmentVariableCollection: standIn('environmentVariableCollection'),
  asAbsolutePath: (relative) => path.join(root, relative),
};
Promise.resolve(extension.activate(context)).then(() => {
  const t2 = performance.now();
  const loaded = (bundle) => Object.keys(require.cache).some((file) => file.endsWith(`${path.sep}${bundle}`));
  const clientLoaded = loaded('clientNode.js');
  const verifyClientsLoaded = loaded('pg.js') || loaded('ioredis.js');
  process.stdout.write(JSON.stringify({ loadMs: t1 - t0, activateMs: t2 - t1, clientLoaded, verifyClientsLoaded }) + '\n');
  // Only activation is measured: what activate() started in the background is not this bench's business.
  process.exit(0);
});

// Measures, in a fresh Node process, how long dist/extension.js takes to load and activate() to run, and
// whether the Kubernetes client bundle was loaded on the way (it must not be). VS Code's API is replaced
// by a recording stand-in: every property is a callable stand-in, so the bench does not need to know which
// API calls activate() makes. Prints one JSON line.
const Module = require('node:module');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

function standIn(name) {
  const target = function () {};
  return new Proxy(target, {
    get(_target, property) {
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
  'ProgressLocation', 'ConfigurationTarget', 'ViewColumn', 'CancellationTokenSource', 'EnvironmentVariableMutatorType'];
const vscode = new Proxy({}, {
  get: (_target, property) => (typeof property === 'string' ? standIn(`vscode.${property}`) : undefined),
  ownKeys: () => API_NAMES,
  getOwnPropertyDescriptor: (_target, property) => ({ configurable: true, enumerable: true, value: standIn(`vscode.${String(property)}`) }),
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
  extension: { packageJSON: require(path.join(root, 'package.json')) },
  extensionPath: root,
  extensionUri: standIn('extensionUri'),
  globalStorageUri: standIn('globalStorageUri'),
  storageUri: standIn('storageUri'),
  globalState: standIn('globalState'),
  workspaceState: standIn('workspaceState'),
  environmentVariableCollection: standIn('environmentVariableCollection'),
  asAbsolutePath: (relative) => path.join(root, relative),
};
Promise.resolve(extension.activate(context)).then(() => {
  const t2 = performance.now();
  const clientLoaded = Object.keys(require.cache).some((file) => file.endsWith(`${path.sep}clientNode.js`));
  process.stdout.write(JSON.stringify({ loadMs: t1 - t0, activateMs: t2 - t1, clientLoaded }) + '\n');
});

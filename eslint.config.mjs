// Lint: typescript-eslint's type-aware recommended rules, zero warnings, and the architecture rules: only the VS Code
// adapters (src/vscode, src/extension.ts) may import 'vscode', and each engine folder imports only the folders below
// it (docs/architecture.md): process < shared < lifecycle, images < k8s < portForward < environments < verify <
// cli, vscode.
import tseslint from 'typescript-eslint';

const vscodeOnlyInAdapters = { name: 'vscode', message: 'Only src/vscode and src/extension.ts may import vscode: keep the engine runnable from the CLI and plain node tests.' };
// Lowest first; folders of one layer may import each other (the lifecycle creates the image caches, and they reuse
// its tool calls).
const LAYERS = [['process'], ['shared'], ['lifecycle', 'images'], ['k8s'], ['portForward'], ['environments'], ['verify'], ['cli', 'vscode']];

/** For each engine folder: no import of a folder above it (a relative import that leaves the folder and enters one). */
const layerRules = LAYERS.slice(0, -1).flatMap((layer, index) => {
  const above = LAYERS.slice(index + 1).flat();
  return layer.map((folder) => ({
    files: [`src/${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [vscodeOnlyInAdapters],
          patterns: [{ regex: `^(\\.\\./)+(${above.join('|')})(/|$)`, message: `src/${folder} is below ${above.join(', ')} (docs/architecture.md): import downwards only.` }],
        },
      ],
    },
  }));
});

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', '.tools/**', '.test-output/**', 'node_modules/**', '**/*.mjs', '**/*.js', '**/*.cjs'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }] },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-restricted-imports': ['error', { paths: [vscodeOnlyInAdapters] }],
    },
  },
  ...layerRules,
  {
    files: ['src/vscode/**/*.ts', 'src/extension.ts', 'test/integration/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);

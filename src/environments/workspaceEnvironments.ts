// The CLI's view of `wright.environments`: the same entries the extension reads, taken from the workspace's
// .vscode/settings.json (JSON with comments, as VS Code writes it), so a terminal and the editor agree on names.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
// The ES module build: the package's `main` is a UMD build whose inner require() calls a bundler cannot follow.
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import { UserFacingError } from '../shared/failures';
import { parseEnvironments, type EnvironmentPaths, type ParsedEnvironments } from './environment';

export const ENVIRONMENTS_SETTING = 'wright.environments';

export function workspaceSettingsFile(workspaceDir: string): string {
  return join(workspaceDir, '.vscode', 'settings.json');
}

export async function readWorkspaceEnvironments(workspaceDir: string, paths: Omit<EnvironmentPaths, 'baseDir'>): Promise<ParsedEnvironments & { readonly file: string }> {
  const file = workspaceSettingsFile(workspaceDir);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { environments: [], problems: [], file };
    throw new UserFacingError(`${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`, [], undefined, 'environment');
  }
  const errors: ParseError[] = [];
  const settings = parse(text, errors, { allowTrailingComma: true }) as unknown;
  if (errors.length > 0) {
    const first = errors[0]!;
    throw new UserFacingError(`${file} is not valid JSON (${printParseErrorCode(first.error)} at offset ${first.offset}); fix it to use ${ENVIRONMENTS_SETTING}.`, [], undefined, 'environment');
  }
  const raw = typeof settings === 'object' && settings !== null ? (settings as Record<string, unknown>)[ENVIRONMENTS_SETTING] : undefined;
  return { ...parseEnvironments(raw, { ...paths, baseDir: workspaceDir }), file };
}

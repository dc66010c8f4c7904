// One message source, two renderings: what the extension says with settings and command titles, the CLI says with
// flags, environment variables and `wright` subcommands. Checked against package.json (settings, command titles),
// the CLI's usage text (flags) and the engine's sources (every setting an action opens has a terminal counterpart).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { USAGE } from '../../src/cli/args';
import { commandRef, forTerminal, isSettingId, settingRef, terminalCommand, terminalHint, type SettingId } from '../../src/shared/wording';

const ROOT = resolve(__dirname, '../..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, unknown> } | Array<{ properties: Record<string, unknown> }>; commands: Array<{ command: string; title: string }> };
};
const configuration = manifest.contributes.configuration;
const SETTINGS = new Set(Array.isArray(configuration) ? configuration.flatMap((part) => Object.keys(part.properties)) : Object.keys(configuration.properties));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sources(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

test('a setting reads as the setting in the extension and as its flag or environment variable in a terminal', () => {
  const message = `Creating the cluster took too long. Raise ${settingRef('wright.timeouts.createSeconds')} and try again, or set ${settingRef('wright.tools.kind')}.`;
  assert.equal(message, 'Creating the cluster took too long. Raise the setting wright.timeouts.createSeconds and try again, or set the setting wright.tools.kind.');
  assert.equal(
    forTerminal(message),
    'Creating the cluster took too long. Raise the flag --create-timeout and try again, or set the environment variable WRIGHT_KIND.',
  );
  assert.equal(forTerminal(`WRight creates it on ${commandRef('wright.createCluster')}`), 'WRight creates it on `wright up`');
  // A setting without a terminal counterpart is left as written rather than mangled.
  assert.equal(forTerminal('the setting wright.showAllNamespaces'), 'the setting wright.showAllNamespaces');
});

test('every setting a message can name exists in package.json, and its flag in `wright --help`', () => {
  const ids: SettingId[] = [
    'wright.clusterName', 'wright.kubeconfig', 'wright.tools.kind', 'wright.tools.kubectl', 'wright.tools.docker', 'wright.ingress.httpPort',
    'wright.ingress.httpsPort', 'wright.envFile', 'wright.manifests', 'wright.overlay', 'wright.nodeImage', 'wright.deployOnCreate',
    'wright.timeouts.createSeconds', 'wright.timeouts.readySeconds',
  ];
  for (const id of ids) {
    assert.ok(SETTINGS.has(id), `${id} is not a setting in package.json`);
    const terminal = forTerminal(settingRef(id));
    assert.doesNotMatch(terminal, /setting|wright\./, `${id} -> ${terminal}`);
    const flag = /--[a-z-]+/.exec(terminal)?.[0];
    const variable = /WRIGHT_[A-Z]+/.exec(terminal)?.[0];
    assert.ok(flag ?? variable, `${id} names neither a flag nor a variable: ${terminal}`);
    assert.ok(USAGE.includes(flag ?? variable ?? ''), `${flag ?? variable} is not in the usage text`);
    assert.ok(terminalHint(id), `${id} has no terminal hint`);
  }
});

test('every setting an engine action opens, and every setting a message names, has a terminal counterpart', () => {
  const engine = ['src/lifecycle', 'src/k8s', 'src/process', 'src/shared', 'src/portForward'].flatMap((dir) => sources(join(ROOT, dir)));
  const opened = new Set<string>();
  for (const file of engine) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/openSettings', args: \['(wright\.[A-Za-z.]+)'\]/g)) opened.add(match[1]!);
    for (const match of text.matchAll(/settingRef\('(wright\.[A-Za-z.]+)'\)/g)) opened.add(match[1]!);
    for (const match of text.matchAll(/the setting (wright\.[A-Za-z.${}]+)/g)) if (!match[1]!.includes('$')) opened.add(match[1]!);
  }
  assert.ok(opened.size >= 4, `found only ${[...opened].join(', ')}`);
  for (const id of opened) assert.ok(isSettingId(id), `${id} is opened or named by the engine but has no terminal wording`);
});

test('the command titles a message can name are the ones in package.json', () => {
  for (const id of ['wright.createCluster', 'wright.deploy', 'wright.teardown', 'wright.checkPrerequisites'] as const) {
    const title = manifest.contributes.commands.find((command) => command.command === id)?.title;
    assert.equal(commandRef(id), `"${title}"`);
    assert.match(terminalCommand(id) ?? '', /^wright (up|deploy|down|doctor)$/);
  }
});

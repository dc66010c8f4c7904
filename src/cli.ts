#!/usr/bin/env node
// The `wright` command: the same engine as the extension, for terminals and CI.
const [command] = process.argv.slice(2);
if (command === '--version' || command === '-v') {
  process.stdout.write('0.1.0\n');
} else {
  process.stdout.write('Usage: wright <command>\n');
}

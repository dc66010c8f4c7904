// `npm run test:tools`: installs (or checks) the in-VS-Code test tools on their own, e.g. to warm a CI cache.
import { ensureTestTools } from './testTools';

try {
  const tools = ensureTestTools();
  console.log(`[tools] ready: node ${tools.node}, code-server ${tools.codeServerEntry}, chromium ${tools.chromium}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}

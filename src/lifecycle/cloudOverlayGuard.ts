// The local kind cluster takes the local overlay; the cloud overlays (staging, production) belong to an environment
// (src/environments) and are refused here unless forced (`--force`). A custom kustomization (wright.manifests) is
// the user's own business. Checked by the engine's create and deploy, so VS Code and the CLI follow one rule.
import { UserFacingError } from '../shared/failures';

export function assertKindOverlay(overlay: string, customManifests: string, force: boolean): void {
  if (overlay === 'local' || customManifests !== '' || force) return;
  throw new UserFacingError(
    `The ${overlay} overlay is meant for a cloud cluster (its storage class and TLS issuer do not exist on kind) and is refused on the local kind cluster. ` +
      `Deploy it to an environment (WRight: Select Environment; wright deploy --env NAME or --context C --overlay ${overlay}), or force it onto kind with wright deploy --force.`,
    [],
    undefined,
    'environment',
  );
}

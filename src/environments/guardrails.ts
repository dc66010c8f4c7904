// What WRight refuses to do to an environment, and why, in one place for the CLI and the extension:
// - create and teardown belong to the local kind cluster only (WRight did not create a remote cluster);
// - the `local` overlay (ingress-nginx, kind's storage class, generated Secrets) never goes to a non-kind context;
// - the cloud overlays (staging, production) do not go to a kind cluster unless the user forces it (for the local
//   kind cluster itself, the engine checks that: src/lifecycle/cloudOverlayGuard.ts).
import { UserFacingError } from '../shared/failures';
import { isKindContext, type Environment, type RemoteEnvironment } from './environment';

export type LifecycleAction = 'create' | 'teardown';

/** Refuses create/teardown for anything but the local kind cluster. */
export function assertLifecycleAllowed(environment: Environment, action: LifecycleAction): void {
  if (environment.kind === 'local') return;
  const verb = action === 'create' ? 'create' : 'tear down';
  throw new UserFacingError(
    `WRight does not ${verb} the environment "${environment.name}" (context ${environment.context}): it creates and tears down only the local kind cluster. ` +
      `Deploy to it, diff it and watch it; ${action === 'create' ? 'create the cluster with your cloud\'s tools' : 'delete what you no longer want with kubectl or your cloud\'s tools'}.`,
    [],
    undefined,
    'environment',
  );
}

/** The overlay that may go to this environment, or a refusal that says how to proceed. */
export function assertOverlayAllowed(environment: RemoteEnvironment, overlay: string, force: boolean): void {
  const kind = isKindContext(environment.context);
  if (overlay === 'local' && !kind) {
    throw new UserFacingError(
      `The local overlay is for the kind cluster only and is refused on the context ${environment.context}: it brings ingress-nginx, kind's storage class and generated Secrets. ` +
        'Deploy the staging or production overlay there instead.',
      [],
      undefined,
      'environment',
    );
  }
  if (overlay !== 'local' && kind && !force) {
    throw new UserFacingError(
      `The context ${environment.context} is a kind cluster; the ${overlay} overlay is meant for a cloud cluster (its storage class and TLS issuer do not exist on kind). ` +
        'Pass --force to deploy it there regardless.',
      [],
      undefined,
      'environment',
    );
  }
}


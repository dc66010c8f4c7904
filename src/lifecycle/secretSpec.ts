// The contract between the bundled manifests and the deploy step: which Secrets the workloads read, and which
// workspace .env key fills each value. Values missing from .env are generated (strong random) and written
// back to it, so they stay stable across deploys (Authentik's secret key must never change after first start).
// A unit test checks that every secretKeyRef in every rendered overlay is declared here.

export type Generator = 'password' | 'secretKey';

/** The OIDC client id when .env sets none; also the application's slug in the blueprint. */
export const OIDC_DEFAULT_CLIENT_ID = 'wright-staging';

export interface SecretEntry {
  /** The key inside the Kubernetes Secret. */
  readonly key: string;
  /** The .env variable that holds the value. */
  readonly envVar: string;
  /** A fixed default (for non-secret values such as user names) or how to generate one. */
  readonly fallback: { readonly value: string } | { readonly generate: Generator };
}

export interface SecretSpec {
  readonly name: string;
  readonly namespace: string;
  readonly entries: readonly SecretEntry[];
}

export const SECRET_SPECS: readonly SecretSpec[] = [
  {
    name: 'postgres-credentials',
    namespace: 'staging-infra',
    entries: [
      { key: 'POSTGRES_USER', envVar: 'POSTGRES_USER', fallback: { value: 'wright' } },
      { key: 'POSTGRES_PASSWORD', envVar: 'POSTGRES_PASSWORD', fallback: { generate: 'password' } },
      { key: 'POSTGRES_DB', envVar: 'POSTGRES_DB', fallback: { value: 'wright' } },
    ],
  },
  {
    name: 'redis-credentials',
    namespace: 'staging-infra',
    entries: [{ key: 'REDIS_PASSWORD', envVar: 'REDIS_PASSWORD', fallback: { generate: 'password' } }],
  },
  {
    name: 'authentik-postgres-credentials',
    namespace: 'staging-infra',
    entries: [
      { key: 'POSTGRES_USER', envVar: 'AUTHENTIK_POSTGRES_USER', fallback: { value: 'authentik' } },
      { key: 'POSTGRES_PASSWORD', envVar: 'AUTHENTIK_POSTGRES_PASSWORD', fallback: { generate: 'password' } },
      { key: 'POSTGRES_DB', envVar: 'AUTHENTIK_POSTGRES_DB', fallback: { value: 'authentik' } },
    ],
  },
  {
    name: 'authentik-secrets',
    namespace: 'staging-infra',
    entries: [
      { key: 'AUTHENTIK_SECRET_KEY', envVar: 'AUTHENTIK_SECRET_KEY', fallback: { generate: 'secretKey' } },
      { key: 'AUTHENTIK_BOOTSTRAP_PASSWORD', envVar: 'AUTHENTIK_BOOTSTRAP_PASSWORD', fallback: { generate: 'password' } },
      { key: 'AUTHENTIK_BOOTSTRAP_EMAIL', envVar: 'AUTHENTIK_BOOTSTRAP_EMAIL', fallback: { value: 'admin@wright.localhost' } },
      // akadmin's API token (first start only): WRight asks Authentik's API with it whether the blueprint applied.
      { key: 'AUTHENTIK_BOOTSTRAP_TOKEN', envVar: 'AUTHENTIK_BOOTSTRAP_TOKEN', fallback: { generate: 'password' } },
    ],
  },
  {
    // Read by the worker's blueprint (manifests/base/authentik/blueprints/wright-staging.yaml) through `!Env`.
    name: 'authentik-oidc',
    namespace: 'staging-infra',
    entries: [
      { key: 'AUTHENTIK_OIDC_CLIENT_ID', envVar: 'AUTHENTIK_OIDC_CLIENT_ID', fallback: { value: OIDC_DEFAULT_CLIENT_ID } },
      { key: 'AUTHENTIK_OIDC_CLIENT_SECRET', envVar: 'AUTHENTIK_OIDC_CLIENT_SECRET', fallback: { generate: 'password' } },
    ],
  },
];

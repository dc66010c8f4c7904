// Where the watch connection to the API server stands, as the tree and the status bar show it.

export type ConnectionState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'connecting' }
  | { readonly kind: 'connected' }
  | { readonly kind: 'disconnected'; readonly reason: string; readonly retryAt?: number };

export const IDLE: ConnectionState = { kind: 'idle' };

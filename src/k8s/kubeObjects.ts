// The few fields of Kubernetes objects that WRight reads, as structural types. Timestamps are `Date | string`
// because client-node gives Dates for objects from a list and strings for objects from a watch (FACTS.md);
// toTime() is the one place that normalises them. client-node's V1* objects are assignable to these types.

export type Timestamp = Date | string;

export interface RawMeta {
  readonly name?: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly resourceVersion?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly creationTimestamp?: Timestamp;
  readonly deletionTimestamp?: Timestamp;
  readonly ownerReferences?: readonly RawOwnerReference[];
}

export interface RawOwnerReference {
  readonly kind: string;
  readonly name: string;
  readonly uid?: string;
  readonly controller?: boolean;
}

export interface RawContainerState {
  readonly waiting?: { readonly reason?: string; readonly message?: string };
  readonly running?: { readonly startedAt?: Timestamp };
  readonly terminated?: { readonly reason?: string; readonly exitCode: number; readonly message?: string };
}

export interface RawContainerStatus {
  readonly name: string;
  readonly ready: boolean;
  readonly restartCount: number;
  readonly image?: string;
  /** Set once the image is on the node (empty or absent while it is being pulled). */
  readonly imageID?: string;
  readonly state?: RawContainerState;
  readonly lastState?: RawContainerState;
}

export interface RawPod {
  readonly metadata?: RawMeta;
  readonly spec?: {
    readonly nodeName?: string;
    readonly containers?: readonly { readonly name: string; readonly image?: string }[];
    readonly initContainers?: readonly { readonly name: string; readonly image?: string; readonly restartPolicy?: string }[];
  };
  readonly status?: {
    readonly phase?: string;
    readonly reason?: string;
    readonly message?: string;
    readonly conditions?: readonly { readonly type: string; readonly status: string; readonly reason?: string; readonly lastTransitionTime?: Timestamp }[];
    readonly containerStatuses?: readonly RawContainerStatus[];
    readonly initContainerStatuses?: readonly RawContainerStatus[];
  };
}

export interface RawServicePort {
  readonly name?: string;
  readonly port: number;
  readonly protocol?: string;
  readonly targetPort?: number | string;
  readonly nodePort?: number;
}

export interface RawService {
  readonly metadata?: RawMeta;
  readonly spec?: {
    readonly type?: string;
    readonly clusterIP?: string;
    readonly selector?: Readonly<Record<string, string>>;
    readonly ports?: readonly RawServicePort[];
  };
}

export interface RawIngress {
  readonly metadata?: RawMeta;
  readonly spec?: {
    readonly tls?: readonly { readonly hosts?: readonly string[] }[];
    readonly rules?: readonly {
      readonly host?: string;
      readonly http?: {
        readonly paths: readonly {
          readonly path?: string;
          readonly backend: { readonly service?: { readonly name: string; readonly port?: { readonly number?: number; readonly name?: string } } };
        }[];
      };
    }[];
  };
}

export interface RawNamespace {
  readonly metadata?: RawMeta;
  readonly status?: { readonly phase?: string };
}

/** Milliseconds since the epoch, whichever form the timestamp arrived in; undefined when absent or unparsable. */
export function toTime(value: Timestamp | undefined): number | undefined {
  if (value === undefined || value === null) return undefined;
  const time = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

/** The key that identifies a namespaced object in WRight's caches and tree ids. */
export function objectKey(meta: RawMeta | undefined): string {
  return `${meta?.namespace ?? ''}/${meta?.name ?? ''}`;
}

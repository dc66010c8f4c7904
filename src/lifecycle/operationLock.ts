// One lifecycle operation at a time: creating, deploying and tearing down all change the same cluster, and
// interleaving them (a deploy into a cluster being deleted) only produces confusing failures. A second request
// is refused at once with what is running, rather than queued behind a wait of minutes.
import { UserFacingError } from '../shared/failures';

export type OperationName = 'create' | 'deploy' | 'teardown';

const DESCRIPTIONS: Record<OperationName, string> = {
  create: 'creating the cluster',
  deploy: 'deploying the services',
  teardown: 'tearing down the cluster',
};

export class OperationLock {
  private current: OperationName | undefined;

  get running(): OperationName | undefined {
    return this.current;
  }

  async run<T>(name: OperationName, work: () => Promise<T>): Promise<T> {
    if (this.current) {
      throw new UserFacingError(`WRight is busy ${DESCRIPTIONS[this.current]}. Wait for it to finish, or cancel it, then try again.`, [], undefined, 'busy');
    }
    this.current = name;
    try {
      return await work();
    } finally {
      this.current = undefined;
    }
  }
}

// Local ports for forwards: only ever on 127.0.0.1, so nothing WRight forwards is reachable from the network.
import { createServer } from 'node:net';

export const LOOPBACK = '127.0.0.1';

export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: LOOPBACK, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A port the operating system says is free right now. */
export function anyFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: LOOPBACK }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The local port a forward of `remotePort` should prefer: the same number, moved out of the privileged range. */
export function preferredLocalPort(remotePort: number): number {
  return remotePort < 1024 ? remotePort + 8000 : remotePort;
}

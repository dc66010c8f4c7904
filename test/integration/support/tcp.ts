// A TCP round trip to a local port, for checking that a port-forward carries traffic (or is gone).
import { connect } from 'node:net';

/** Sends `message` to 127.0.0.1:port and resolves with the first answer; rejects with the socket error (ECONNREFUSED). */
export function roundTrip(port: number, message: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(10_000, () => socket.destroy(new Error(`no answer from 127.0.0.1:${port} within 10 s`)));
    socket.once('connect', () => socket.write(message));
    socket.once('data', (data) => {
      socket.end();
      resolve(data.toString());
    });
    socket.once('error', reject);
  });
}

// Whether host ports are free on 127.0.0.1 (where kind publishes the ingress), and which others are when not.
// The test is to listen for a moment: it sees every kind of holder, including one bound to 0.0.0.0. Ports below
// 1024 may be refused to an unprivileged user (EACCES) although Docker, running as root, could bind them; then
// a connection attempt decides: something answering means busy.
import { createServer, connect } from 'node:net';

export type PortState = 'free' | 'busy';

const HOST = '127.0.0.1';

export async function probePort(port: number): Promise<PortState> {
  const listened = await new Promise<'ok' | 'EADDRINUSE' | 'EACCES' | 'other'>((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      resolve(error.code === 'EADDRINUSE' ? 'EADDRINUSE' : error.code === 'EACCES' ? 'EACCES' : 'other');
    });
    server.listen({ port, host: HOST, exclusive: true }, () => server.close(() => resolve('ok')));
  });
  if (listened === 'ok') return 'free';
  if (listened === 'EADDRINUSE') return 'busy';
  return (await answers(port)) ? 'busy' : 'free';
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: HOST });
    const done = (result: boolean): void => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The first pair (http, https) of free ports, trying 8080/8443, then 8081/8444, ... */
export async function findFreePortPair(start: readonly [number, number] = [8080, 8443], attempts = 50): Promise<[number, number] | undefined> {
  for (let i = 0; i < attempts; i++) {
    const pair: [number, number] = [start[0] + i, start[1] + i];
    const [a, b] = await Promise.all(pair.map(probePort));
    if (a === 'free' && b === 'free') return pair;
  }
  return undefined;
}

import { createServer } from 'node:net';

/** True when another process already listens on 127.0.0.1:port (also catches 0.0.0.0 listeners). */
export function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(true));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(false)));
  });
}

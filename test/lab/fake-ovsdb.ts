/**
 * A stand-in ovsdb-server on a unix socket for unit tests of the JSON-RPC client and the
 * decision tables built on it (the real proof is the integration tests against real OVS).
 * `answer` gets each request and returns the reply's result (or `undefined` = never answer);
 * replies are written one byte at a time when `dribble` is set, to exercise the splitter.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

export interface FakeRequest {
  id: unknown;
  method: string;
  params: unknown[];
}
export interface FakeOptions {
  /** `send` writes one message; `sendTogether` several in ONE write (they arrive in one chunk). */
  answer: (req: FakeRequest, send: (msg: unknown) => void, sendTogether: (msgs: unknown[]) => void) => unknown;
  dribble?: boolean;
  /** Send an echo request before answering the first request. */
  echoFirst?: boolean;
}

export class FakeOvsdb {
  readonly requests: FakeRequest[] = [];
  readonly echoReplies: unknown[] = [];
  readonly connections = new Set<net.Socket>();
  private constructor(
    readonly server: net.Server,
    readonly socketPath: string,
  ) {}

  get address(): string {
    return `unix:${this.socketPath}`;
  }

  static async start(dir: string, opts: FakeOptions): Promise<FakeOvsdb> {
    const socketPath = path.join(dir, 'db.sock');
    fs.rmSync(socketPath, { force: true });
    const server = net.createServer((conn) => {
      fake.connections.add(conn);
      const write = (msg: unknown): void => {
        const text = Buffer.from(JSON.stringify(msg));
        if (!opts.dribble) conn.write(text);
        else for (let i = 0; i < text.length; i++) conn.write(text.subarray(i, i + 1));
      };
      let buf = '';
      let echoed = !opts.echoFirst;
      conn.on('error', () => undefined);
      conn.on('data', (d) => {
        buf += d.toString();
        // requests from the client under test are never split inside one object here, but may be concatenated
        for (;;) {
          const end = objectEnd(buf);
          if (end < 0) break;
          const msg = JSON.parse(buf.slice(0, end)) as FakeRequest & { result?: unknown };
          buf = buf.slice(end);
          if (msg.id === 'echo') {
            fake.echoReplies.push(msg.result);
            continue;
          }
          fake.requests.push(msg);
          if (!echoed) {
            echoed = true;
            write({ id: 'echo', method: 'echo', params: ['ping'] });
          }
          const result = opts.answer(msg, write, (msgs) => conn.write(msgs.map((m) => JSON.stringify(m)).join('')));
          if (result !== undefined) write({ id: msg.id, result, error: null });
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    const fake = new FakeOvsdb(server, socketPath);
    return fake;
  }

  /** Stop listening and drop every connection (clients see the server go away). */
  close(): Promise<void> {
    for (const c of this.connections) c.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function objectEnd(s: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

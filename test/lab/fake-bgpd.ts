/**
 * A stand-in for bgpd's vty socket (the vtysh protocol: command + NUL in; answer, three NULs
 * and a status byte out) in its own short temporary directory (a unix socket path has at
 * most 107 bytes; tap's test directories are longer), removed by `close`: records the questions, answers as told, or
 * never answers. Unit tests of the askers use it; the proof against real FRR is
 * test/integration/frr-bgp.ts.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export type FakeAnswer = { text: string; status?: number } | 'hang';

/**
 * `name`: the socket's file name (ospfd.vty for a stand-in ospfd); `inDir`: beside another
 * stand-in's socket (its directory, removed by that one's `close`).
 */
export async function fakeBgpd(
  answer: (command: string) => FakeAnswer,
  name = 'bgpd.vty',
  inDir?: string,
): Promise<{ path: string; questions: string[]; close: () => Promise<void> }> {
  const dir = inDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ctnet-bgpd-'));
  const file = path.join(dir, name);
  const questions: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined); // the asker hangs up first when it gives up
    let buf = '';
    s.on('data', (d) => {
      buf += d.toString('utf8');
      const nul = buf.indexOf('\0');
      if (nul < 0) return;
      const cmd = buf.slice(0, nul);
      buf = buf.slice(nul + 1);
      questions.push(cmd);
      const a = answer(cmd);
      if (a === 'hang') return;
      // In two writes, so the reader must join chunks.
      const body = Buffer.from(a.text, 'utf8');
      s.write(body.subarray(0, Math.floor(body.length / 2)));
      setTimeout(
        () =>
          s.write(Buffer.concat([body.subarray(Math.floor(body.length / 2)), Buffer.from([0, 0, 0, a.status ?? 0])])),
        5,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(file, resolve));
  return {
    path: file,
    questions,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => {
          fs.rmSync(inDir ? file : dir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}

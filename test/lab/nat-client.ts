/** A client namespace behind a host link, and an HTTP probe, for port-forward tests. */
import type { HostLab } from './host-lab.js';
import { nsSysctl } from './host-lab.js';
import { ipBatch, sh } from './netns.js';

/** A client namespace on a second host link: host 203.0.113.1, client 203.0.113.2. */
export async function addClient(lab: HostLab, hn: string): Promise<string> {
  const cl = await lab.ns('cl');
  await sh('ip', ['-n', hn, 'link', 'add', 'up0', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', cl]);
  await ipBatch(hn, ['addr add 203.0.113.1/24 dev up0', 'link set up0 up']);
  await ipBatch(cl, ['addr add 203.0.113.2/24 dev eth0', 'link set eth0 up']);
  await nsSysctl(hn, 'net.ipv4.ip_forward', '1');
  return cl;
}

/** The body of GET /hello.txt from HOST:PORT (busybox nc; busybox wget crashes here), or undefined. */
export async function fetchHello(cl: string, host: string, port: number): Promise<string | undefined> {
  for (let i = 0; i < 10; i++) {
    // the httpd may still be starting
    const r = await sh('ip', ['netns', 'exec', cl, 'busybox', 'nc', '-w', '2', host, String(port)], {
      input: 'GET /hello.txt HTTP/1.0\r\n\r\n',
      allowFailure: true,
    });
    if (/^HTTP\/1\.[01] 200/.test(r.stdout)) return r.stdout.split('\r\n\r\n')[1];
    if (!/refused/i.test(r.stderr + r.stdout)) return undefined;
    await new Promise((res) => setTimeout(res, 100));
  }
  return undefined;
}

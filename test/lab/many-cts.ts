/**
 * Many OpenVZ CTs on one lab node, made and removed in bulk (one `ip -batch` each way instead
 * of three processes per CT), for the concurrency and fault suites. The CT netns are named by
 * the lab (lab.ctNs) and removed by `removeCts`, which callers register with t.teardown.
 */
import { ipBatch, ipJson, sh, type LinkJson } from './netns.js';
import type { VzLab } from './vz-lab.js';

export async function addCts(lab: VzLab, veids: string[]): Promise<void> {
  await sh('ip', ['-batch', '-'], { input: veids.map((v) => `netns add ${lab.ctNs(v)}\n`).join('') });
  await ipBatch(
    lab.hn,
    veids.map((v) => `link add veth${v}.0 type veth peer name eth0 netns ${lab.ctNs(v)}`),
  );
}

/**
 * Idempotent: veths and netns already gone are fine (-force). The host ends go first, as in
 * VzLab.stopCt: the kernel frees a dying netns's devices asynchronously.
 */
export async function removeCts(lab: VzLab, veids: string[]): Promise<void> {
  await sh('ip', ['-n', lab.hn, '-force', '-batch', '-'], {
    input: veids.map((v) => `link del dev veth${v}.0\n`).join(''),
    allowFailure: true,
  });
  await sh('ip', ['-force', '-batch', '-'], {
    input: veids.map((v) => `netns del ${lab.ctNs(v)}\n`).join(''),
    allowFailure: true,
  });
}

/**
 * Wait until the node netns has no veth left: stopCt/removeCts delete the host ends they know;
 * a veth they do not know goes with its netns, which the kernel frees lazily.
 */
export async function waitVethsGone(lab: VzLab, limitMs = 60_000): Promise<void> {
  const until = Date.now() + limitMs;
  for (;;) {
    const links = await ipJson<LinkJson[]>(lab.hn, ['link', 'show']);
    if (!links.some((l) => l.ifname.startsWith('veth'))) return;
    if (Date.now() > until) throw new Error(`veths still in ${lab.hn} after ${limitMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Run `fn` over `items` with at most `limit` at a time (results in order). */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

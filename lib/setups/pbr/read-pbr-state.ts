/**
 * Ask the kernel about exactly the entries ctnet cares about: one `ip -j -batch -` per address
 * family, one `show` line per entry (never a dump of whole tables). Returns the ids present.
 */
import { CtnetError } from '../../errors.js';
import { run } from '../../doors/exec.js';
import { entryPresent, type IpRow, type PbrEntry } from './pbr-entries.js';

export async function readPresentEntries(entries: PbrEntry[]): Promise<Set<string>> {
  const present = new Set<string>();
  for (const family of [4, 6] as const) {
    const mine = entries.filter((e) => e.family === family);
    if (mine.length === 0) continue;
    const args = [...(family === 6 ? ['-6'] : []), '-j', '-batch', '-'];
    const res = await run('ip', args, { input: mine.map((e) => e.query).join('\n') + '\n' });
    const answers = parseBatchJson(res.stdout);
    if (answers.length !== mine.length) {
      throw new CtnetError(`"ip ${args.join(' ')}" answered ${answers.length} of ${mine.length} queries`, {
        code: 'E_EXEC',
        command: ['ip', ...args],
      });
    }
    mine.forEach((e, i) => {
      if (entryPresent(e, answers[i]!)) present.add(e.id);
    });
  }
  return present;
}

/** `ip -j -batch` prints one JSON array per command, one per line. */
function parseBatchJson(stdout: string): IpRow[][] {
  return stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      try {
        return JSON.parse(l) as IpRow[];
      } catch (e) {
        throw new CtnetError(`unexpected output from "ip -j -batch": ${l.slice(0, 80)}`, { code: 'E_EXEC', cause: e });
      }
    });
}

/**
 * The hooks on each tested Node major (official binaries, scripts/fetch-node.sh), each next to
 * `node -e 0` and the plain Node hook of the same Node, and the self-contained executable
 * (dist/sea, Node 24), all timed in one loop so that their rounds are neighbours (report.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { run } from '../lib/doors/exec.js';
import { HOOK_UMOUNT, HOOK_VZNET, REPO, type VzLab } from '../test/lab/vz-lab.js';
import { cycleLine, plainNodeCycleLine, type HookCommand } from './bench-lab.js';
import { timeInLab, type TimeOptions, type Timing } from './time-in-lab.js';

export const NODE_MAJORS = [20, 22, 24] as const;
const SEA_DIR = path.join(REPO, 'dist/sea');

/** The bin directory of an official Node of `major` (fetched once into the cache). */
async function nodeBin(major: number): Promise<string> {
  const r = await run('bash', [path.join(REPO, 'scripts/fetch-node.sh'), String(major)], { timeoutMs: 300_000 });
  return path.join(r.stdout.trim(), 'node');
}

export async function measureNodeMatrix(
  lab: VzLab,
  ct: { veid: string; commands: readonly HookCommand[] },
  opts: TimeOptions,
): Promise<Timing[]> {
  const cases: Array<{ name: string; line: string }> = [];
  for (const major of NODE_MAJORS) {
    const node = await nodeBin(major);
    cases.push(
      { name: `node ${major}: node -e 0`, line: `${node} -e 0` },
      {
        name: `node ${major}: ctnet 1 addr`,
        line: cycleLine(ct.veid, 'ctnet', { vznet: `${node} ${HOOK_VZNET}`, umount: `${node} ${HOOK_UMOUNT}` }),
      },
      { name: `node ${major}: plain node hooks, 1 addr`, line: plainNodeCycleLine(lab, ct.veid, ct.commands, node) },
    );
  }
  if (!fs.existsSync(path.join(SEA_DIR, 'ctnet')))
    throw new Error(`${SEA_DIR}/ctnet is missing: run "npm run build:sea" (npm run bench does)`);
  cases.push({
    name: 'self-contained executable: ctnet 1 addr',
    line: cycleLine(ct.veid, 'ctnet', {
      vznet: path.join(SEA_DIR, 'ctnet-vznet'),
      umount: path.join(SEA_DIR, 'ctnet-umount'),
    }),
  });
  return timeInLab(lab, cases, opts);
}

/**
 * Hostile and broken input (test/lab/hostile-corpus.ts), part 0 of 2 (cases split by index
 * so the two halves run in parallel): config values with shell metacharacters and injection
 * attempts, wrong types, overlong names, NUL, CRLF, BOM, a huge file, unknown and duplicate
 * keys, hostile argv and env, all against the BUILT ctnet-vznet in the lab.
 */
import t from 'tap';
import { VzLab } from '../lab/vz-lab.js';
import { uniqueTag } from '../lab/netns.js';
import { hostileCases } from '../lab/hostile-corpus.js';
import { runHostileCase } from '../lab/hostile-run.js';

t.test('hostile input, part 0', async (t) => {
  const lab = await VzLab.create();
  t.teardown(() => lab.cleanup());
  const tag = uniqueTag();
  const cases = hostileCases(tag);
  t.ok(cases.length >= 100, `${cases.length} cases in the corpus`);
  for (const [i, c] of cases.entries()) {
    if (i % 2 !== 0) continue;
    await t.test(c.name, (t) => runHostileCase(t, lab, c, String(5000 + i), tag));
  }
});

/**
 * Hostile and broken input (test/lab/hostile-corpus.ts), part 1 of 2 (cases split by index
 * so the two halves run in parallel): config values with shell metacharacters and injection
 * attempts, wrong types, overlong names, NUL, CRLF, BOM, a huge file, unknown and duplicate
 * keys, hostile argv and env, all against the BUILT ctnet-vznet in the lab.
 */
import t from 'tap';
import { runHostileHalf } from '../lab/hostile-run.js';

t.test('hostile input, part 1', (t) => runHostileHalf(t, 1));

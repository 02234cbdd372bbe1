/**
 * Hostile input for the LXC hook, the OpenVZ hooks' argv and special files, OVS name
 * collisions, malformed ovsdb answers and rendered configs (test/lab/hostile-host-corpus.ts),
 * part 1 of 2 (cases split by index so the two halves run in parallel), against the BUILT
 * executables under strace in a throwaway netns.
 */
import t from 'tap';
import { runHostHalf } from '../lab/hostile-host-run.js';

t.test('hostile host input, part 1', (t) => runHostHalf(t, 1));

/** When ctnet may use Node's handle bindings: the off switch and pending deprecations. */
import t from 'tap';
import { nativeAllowed } from '../lib/native-allowed.js';

t.test('on unless switched off or pending deprecations would warn', async (t) => {
  const cases: Array<[string, NodeJS.ProcessEnv, string[], boolean]> = [
    ['plain', {}, [], true],
    ['CTNET_NATIVE=1', { CTNET_NATIVE: '1' }, [], true],
    ['CTNET_NATIVE=0', { CTNET_NATIVE: '0' }, [], false],
    ['--pending-deprecation', {}, ['--pending-deprecation'], false],
    ['--pending_deprecation', {}, ['--pending_deprecation'], false],
    ['other flags', {}, ['--no-deprecation', '--max-old-space-size=64'], true],
    ['NODE_OPTIONS with it', { NODE_OPTIONS: '--max-old-space-size=64  --pending-deprecation' }, [], false],
    ['NODE_OPTIONS without it', { NODE_OPTIONS: '--max-old-space-size=64' }, [], true],
    ['NODE_PENDING_DEPRECATION=1', { NODE_PENDING_DEPRECATION: '1' }, [], false],
    ['NODE_PENDING_DEPRECATION=0 (Node: on only for "1")', { NODE_PENDING_DEPRECATION: '0' }, [], true],
  ];
  for (const [name, env, argv, want] of cases) t.equal(nativeAllowed(env, argv), want, name);
});

/** lib/process-binding.ts: Node's binding when plainly available, undefined otherwise. */
import t from 'tap';
import { processBinding } from '../lib/process-binding.js';

type WithBinding = { binding?: unknown };

function withBinding(replacement: unknown, fn: () => void): void {
  const p = process as WithBinding;
  const saved = p.binding;
  p.binding = replacement;
  try {
    fn();
  } finally {
    p.binding = saved;
  }
}

t.test('the allow-listed bindings of this Node', async (t) => {
  t.equal(typeof processBinding('spawn_sync')?.['spawn'], 'function');
  t.equal(typeof processBinding('pipe_wrap')?.['Pipe'], 'function');
  t.equal(processBinding('no_such_binding'), undefined, 'not on the allow-list: Node throws, we say undefined');
});

t.test('undefined when process.binding is missing, wrapped (a deprecation warning would print), or refuses', async (t) => {
  withBinding(undefined, () => t.equal(processBinding('spawn_sync'), undefined, 'missing'));
  const real = (process as WithBinding).binding as (n: string) => unknown;
  const deprecated = function deprecated(n: string): unknown { return real(n); };
  withBinding(deprecated, () => t.equal(processBinding('spawn_sync'), undefined, 'wrapped by --pending-deprecation'));
  const binding = function binding(): unknown { throw Object.assign(new Error('Access to this API has been restricted'), { code: 'ERR_ACCESS_DENIED' }); };
  withBinding(binding, () => t.equal(processBinding('spawn_sync'), undefined, 'refused by the permission model'));
});

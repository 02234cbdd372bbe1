import t from 'tap';
import { hookArgSpec, parseHookArgs, stringOption } from '../../lib/hook/hook-args.js';

const spec = hookArgSpec({ strings: ['bridge', 'forward'], booleans: ['routed'] });
const parse = (argv: string[]) => parseHookArgs(argv, spec);

t.test('what the runtimes and admins pass', async (t) => {
  const cases: Array<[string[], Record<string, unknown>]> = [
    [['init', 'veth', 'veth101.0'], { _: ['init', 'veth', 'veth101.0'] }],
    [['c1', 'net', 'up', 'veth', 'sw0', 'vethX'], { _: ['c1', 'net', 'up', 'veth', 'sw0', 'vethX'] }],
    [['--bridge', 'sw0', '--routed', 'c1'], { _: ['c1'], bridge: 'sw0', routed: true }],
    [['--bridge=sw0', '--dry-run', 'c1'], { _: ['c1'], bridge: 'sw0', 'dry-run': true }],
    [['-nv', 'c1'], { _: ['c1'], 'dry-run': true, verbose: true }],
    [['-h'], { _: [], help: true }],
    [['--version'], { _: [], version: true }],
    [
      ['--run-dir', '/tmp/r', '--vz-dir=/tmp/vz', '--vzctl', '/bin/vz', 'x'],
      { _: ['x'], 'run-dir': '/tmp/r', 'vz-dir': '/tmp/vz', vzctl: '/bin/vz' },
    ],
    [['--etc-dir', '/tmp/etc', 'x'], { _: ['x'], 'etc-dir': '/tmp/etc' }],
    [['--forward', 'tcp:1:2', '--forward=udp:3:4'], { _: [], forward: ['tcp:1:2', 'udp:3:4'] }],
    // vznetcfg's delif passes an empty bridge; "-" is a plain word.
    [['delif', 'v0', ''], { _: ['delif', 'v0', ''] }],
    [['-', 'x'], { _: ['-', 'x'] }],
    [['--', '--bridge', '-n'], { _: ['--bridge', '-n'] }],
    // positionals stay the exact strings (minimist made "1e3" the number 1000)
    [['1e3', '0x10', '007'], { _: ['1e3', '0x10', '007'] }],
  ];
  for (const [argv, want] of cases) t.same(parse(argv), want, JSON.stringify(argv));
});

t.test('what is refused, by name', async (t) => {
  const bad: Array<[string[], RegExp]> = [
    [['-batch'], /^unknown option "-b"$/],
    [['--helpX'], /^unknown option "--helpX"$/],
    [['--no-routed'], /^unknown option "--no-routed"$/],
    [['--routed=yes'], /^--routed takes no value$/],
    [['--help=1'], /^--help takes no value$/],
    [['--bridge'], /^--bridge needs a value$/],
    [['--bridge='], /^--bridge needs a value$/],
    [['--bridge', '--routed'], /^--bridge needs a value$/],
    [['--bridge', '-n'], /^--bridge needs a value$/],
    [['-nx'], /^unknown option "-x"$/],
  ];
  for (const [argv, re] of bad) t.throws(() => parse(argv), { code: 'E_USAGE', message: re }, argv.join(' '));
  t.same(parse(['--']), { _: [] }, 'a lone -- is fine');
});

t.test('options end at the first positional: what a runtime appends is never an option', async (t) => {
  const cases: Array<[string[], Record<string, unknown>]> = [
    // the review's reproductions: a trailing --run-dir moved the run dir, a veth named
    // --dry-run made the hook do nothing
    [['init', 'veth', 'veth101.0', '--run-dir=zz'], { _: ['init', 'veth', 'veth101.0', '--run-dir=zz'] }],
    [['init', 'veth', '--dry-run'], { _: ['init', 'veth', '--dry-run'] }],
    [
      ['--bridge', 'sw0', 'c1', 'net', 'up', 'veth', 'sw0', '--dry-run'],
      { _: ['c1', 'net', 'up', 'veth', 'sw0', '--dry-run'], bridge: 'sw0' },
    ],
    [['-n', 'c1', '-v', '--', '-h'], { _: ['c1', '-v', '--', '-h'], 'dry-run': true }],
    [['c1', '--bridge'], { _: ['c1', '--bridge'] }],
    [['c1', '--unknown-option'], { _: ['c1', '--unknown-option'] }],
    [['', '--dry-run'], { _: ['', '--dry-run'] }],
    [['-', '--help'], { _: ['-', '--help'] }],
  ];
  for (const [argv, want] of cases) t.same(parse(argv), want, JSON.stringify(argv));
});

t.test('stringOption refuses a repeated option', async (t) => {
  const args = parse(['--bridge', 'a', '--bridge', 'b']);
  t.throws(() => stringOption(args, 'bridge'), { code: 'E_USAGE', message: /^--bridge is given more than once$/ });
  t.equal(stringOption(parse(['--bridge', 'a']), 'bridge'), 'a');
  t.equal(stringOption(parse([]), 'bridge'), undefined);
});

t.test('hostile words never become options or vanish', async (t) => {
  for (const w of ['$(reboot)', '`id`', 'a;b', 'x\ny', '\u0000', ' ', '\u202e']) {
    t.same(parse([w]), { _: [w] }, JSON.stringify(w));
    t.same(
      parse(['--bridge', w]),
      { _: [], bridge: w },
      `--bridge ${JSON.stringify(w)}: the value as given (validated where it is read)`,
    );
  }
});

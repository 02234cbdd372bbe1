/**
 * vzctl line syntax on a corpus of real-world and hostile configs: values come back verbatim,
 * nothing is executed or expanded, errors name file:line: KEY.
 */
import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mergeConfs, parseVzConf, MAX_CONF_BYTES } from '../../../lib/runtimes/openvz/vz-conf.js';

const F = '/etc/vz/conf/101.conf';
const one = (text: string, key: string): string | undefined => parseVzConf(text, F).values.get(key)?.value;

t.test('values, verbatim', async (t) => {
  const cases: Array<[string, string, string | undefined]> = [
    ['plain double quotes', 'A="x y"', 'x y'],
    ['single quotes (libvzctl)', "A='x y'", 'x y'],
    ['double quotes inside single', `A='say "hi"'`, 'say "hi"'],
    ['runs to the last quote', 'A="a"b"', 'a"b'],
    ['empty quoted', 'A=""', ''],
    ['empty unquoted', 'A=', ''],
    ['unquoted', 'A=br0', 'br0'],
    ['unquoted keeps inline # comment (vzctl)', 'A=br0 # main bridge', 'br0 # main bridge'],
    ['trailing comment after quotes is dropped', 'A="br0" # main bridge', 'br0'],
    ['trailing comment without space', 'A="br0"#x', 'br0'],
    ['hash inside quotes is data', 'A="br0 # not a comment"', 'br0 # not a comment'],
    ['leading spaces before key', '   A="1"', '1'],
    ['trailing whitespace trimmed', 'A="1"   \t', '1'],
    ['spaces around =', 'A = "1"', '1'],
    ['escape removes the backslash', 'A="a\\"b"', 'a"b'],
    ['escaped backslash stays one', 'A="a\\\\b"', 'a\\b'],
    ['escape of an ordinary char', 'A=\\x', 'x'],
    ['$(...) is data', 'A="$(touch /tmp/ctnet-pwned)"', '$(touch /tmp/ctnet-pwned)'],
    ['backticks are data', 'A="`reboot`"', '`reboot`'],
    ['semicolon is data', 'A="br0; rm -rf /"', 'br0; rm -rf /'],
    ['unquoted semicolon is data', 'A=br0;reboot', 'br0;reboot'],
    ['${VAR} is not expanded', 'B=1\nA="${B}"', '${B}'],
    ['$VAR is not expanded', 'A=$HOME', '$HOME'],
    ['= inside the value', 'A="k=v,x=y"', 'k=v,x=y'],
    ['commented-out line ignored', '#A="old"\nA="new"', 'new'],
    ['indented comment ignored', '   # A="old"\nA="new"', 'new'],
    ['first occurrence wins (vzctl)', 'A="first"\nA="second"', 'first'],
    ['CRLF line ends', 'A="x"\r\nB="y"\r\n', 'x'],
    ['UTF-8 BOM', '\ufeffA="x"', 'x'],
    ['unicode kept', 'A="ü ✓"', 'ü ✓'],
    ['line without = is skipped', 'garbage line\nA="x"', 'x'],
    ['export prefix is not a variable', 'export A="x"', undefined],
    ['key must be a name', '1A="x"', undefined],
  ];
  for (const [name, text, want] of cases) t.equal(one(text, 'A'), want, name);
});

t.test('line numbers and warnings', async (t) => {
  const text = '# comment\n\nA="1"\nno equals here\nA="2"\n9X=3\nB=4\n';
  const c = parseVzConf(text, F);
  t.same(c.values.get('A'), { value: '1', file: F, line: 3, key: 'A' }, 'value carries file, line, key');
  t.equal(c.values.get('B')?.line, 7);
  t.equal(c.warnings.length, 3, 'no-=, duplicate and bad-key lines each warned about');
  t.match(c.warnings[0], /101\.conf:4: no "="/);
  t.match(c.warnings[1], /101\.conf:5: A is set again; the first value \(line 3\) counts/);
  t.match(c.warnings[2], /101\.conf:6: "9X" is not a variable name/);
  t.equal(parseVzConf('A="1"\r\nB="2"\r\n', F).values.get('B')?.line, 2, 'CRLF keeps line numbers');
});

t.test('errors name file:line: KEY', async (t) => {
  const cases: Array<[string, string, RegExp]> = [
    [
      'unclosed double quote',
      'X=1\nA="abc',
      /^\/etc\/vz\/conf\/101\.conf:2: A: the value opens a " quote that is never closed$/,
    ],
    ['unclosed single quote', "A='abc", /101\.conf:1: A: the value opens a ' quote/],
    [
      'text after the closing quote',
      'A="br0" ; reboot',
      /101\.conf:1: A: unexpected text "; reboot" after the closing quote/,
    ],
    ['command after quotes', 'A="x"$(id)', /101\.conf:1: A: unexpected text "\$\(id\)"/],
    ['NUL byte', 'A="1"\nB="x\0y"', /101\.conf:2: contains a NUL byte/],
  ];
  for (const [name, text, re] of cases) t.throws(() => parseVzConf(text, F), { code: 'E_CONFIG', message: re }, name);
});

t.test('a huge file is refused, a big legal one is read', async (t) => {
  t.throws(() => parseVzConf('A="x"\n' + '#'.repeat(MAX_CONF_BYTES), F), { code: 'E_CONFIG', message: /larger than/ });
  const lines = Array.from({ length: 20000 }, (_, i) => `K${i}="v${i}"`).join('\n');
  const c = parseVzConf(lines, F);
  t.equal(c.values.size, 20000);
  t.equal(c.values.get('K19999')?.value, 'v19999');
});

t.test('parsing never runs anything', async (t) => {
  const dir = t.testdir();
  const marker = path.join(dir, 'pwned');
  const text = [
    `A="$(touch ${marker})"`,
    `B=\`touch ${marker}\``,
    `C="x; touch ${marker}"`,
    `D=$(touch ${marker})`,
    `E='$(touch ${marker})'`,
  ].join('\n');
  const c = parseVzConf(text, F);
  t.equal(c.values.get('A')?.value, `$(touch ${marker})`);
  t.equal(c.values.get('B')?.value, `\`touch ${marker}\``);
  t.equal(c.values.get('D')?.value, `$(touch ${marker})`);
  t.notOk(fs.existsSync(marker), 'no file was created');
});

t.test('mergeConfs: the CT file overrides vz.conf', async (t) => {
  const g = parseVzConf('BRIDGEDEV="br0"\nCT0_IP="10.0.0.2"\n', '/etc/vz/vz.conf');
  const c = parseVzConf('BRIDGEDEV="br1"\n', F);
  const m = mergeConfs(g, c);
  t.same(m.get('BRIDGEDEV'), { value: 'br1', file: F, line: 1, key: 'BRIDGEDEV' });
  t.equal(m.get('CT0_IP')?.file, '/etc/vz/vz.conf', 'unset in the CT file: the global value stays');
});

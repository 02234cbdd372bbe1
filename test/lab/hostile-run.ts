/**
 * Run one hostile-input case against the BUILT ctnet-vznet in the OpenVZ lab, under strace
 * (every execve and every write to a pipe, i.e. each command and each batch line sent), and
 * check: a clean one-line error or a correct result, no attacker text in any command, no
 * stack trace, nothing half-applied, no pwned file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Test } from 'tap';
import { HOOK_VZNET, VzLab } from './vz-lab.js';
import { uniqueTag } from './netns.js';
import { ipJson, type LinkJson, type RouteJson } from './netns.js';
import { snapshot } from './vz-state.js';
import { hostileCases, type HostileCase } from './hostile-corpus.js';
import { waitVethsGone } from './many-cts.js';

export async function runHostileCase(t: Test, lab: VzLab, c: HostileCase, veid: string, tag: string): Promise<void> {
  await lab.addCt(veid);
  lab.writeCtConf(veid, c.conf(veid));
  const before = await snapshot(lab, [veid]);
  const trace = path.join(lab.dir, `strace-${veid}.txt`);
  const args = [
    '-f',
    '-qq',
    '-e',
    'trace=execve,write,writev',
    '-s',
    '65536',
    '-o',
    trace,
    '--',
    HOOK_VZNET,
    'init',
    'veth',
    c.dev ?? `veth${veid}.0`,
    ...(c.bridgeArg !== undefined ? [c.bridgeArg] : []),
  ];
  const r = await lab.runHook('/usr/bin/strace', args, { VEID: c.veidEnv ?? veid });
  const errLines = r.stderr.split('\n').filter((l) => l.startsWith('ctnet: error:'));
  if (c.expect === 'ok') t.equal(r.exitCode, 0, `succeeds: ${r.stderr.trim()}`);
  if (c.expect === 'error') t.equal(r.exitCode, 1, `fails with exit 1: ${r.stderr.trim()}`);
  t.ok(r.exitCode === 0 || r.exitCode === 1, `exit 0 or 1 (got ${r.exitCode})`);
  if (r.exitCode !== 0) {
    t.equal(errLines.length, 1, `one error line: ${errLines[0] ?? r.stderr.trim()}`);
    t.ok(!/internal error/.test(r.stderr), 'not an internal error');
    t.same(await snapshot(lab, [veid]), before, 'nothing applied');
    t.equal(lab.record(veid), undefined, 'no record');
  } else if (c.expect === 'ok') {
    const routes = await ipJson<RouteJson[]>(lab.hn, ['route', 'show', 'proto', '213']);
    t.same(
      routes.map((x) => `${x.dst} ${x.dev}`),
      ['10.0.0.31 br0'],
      'the CT address is routed via br0',
    );
    const veth = (await ipJson<LinkJson[]>(lab.hn, ['link', 'show', 'dev', `veth${veid}.0`]))[0];
    t.equal(veth?.master, 'br0', 'the veth is on br0');
  }
  t.notMatch(r.stderr, /\n\s+at \S+ \(/, 'no stack trace');
  const stray = r.stderr
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('ctnet-vznet: ') && !l.startsWith('ctnet: error: '));
  t.same(stray, [], 'every stderr line is a progress line or the one error line (no value breaks a line)');
  const carried = fs
    .readFileSync(trace, 'utf8')
    .split('\n')
    .filter((l) => /^\d+ +(execve|writev?\((?![12],))/.test(l) && c.marker && l.includes(c.marker))
    .filter((l) => !l.includes(`execve("${HOOK_VZNET}"`) && !l.includes(`"node", "${HOOK_VZNET}"`)) // the hook's own start
    .filter((l) => !/^\d+ +write\(\d+, "<\d+>ctnet-vznet[ :]/.test(l)); // syslog lines handed to logger: data, and escaped
  t.same(carried, [], 'no command or batch line carries the attacker text');
  t.same(
    fs.readdirSync('/tmp').filter((f) => f.startsWith(`pwned-${tag}-`)),
    [],
    'no pwned file',
  );
  const u = await lab.umount(veid);
  t.ok(u.exitCode === 0 || c.veidEnv !== undefined || c.expect !== 'ok', `umount exits 0: ${u.stderr}`);
  await lab.stopCt(veid);
  await waitVethsGone(lab); // no veth of this case in the next case's snapshot
}

/** Run every second case of the corpus (part 0 or 1), so two test files share the work. */
export async function runHostileHalf(t: Test, part: 0 | 1): Promise<void> {
  const lab = await VzLab.create();
  t.teardown(() => lab.cleanup());
  const tag = uniqueTag();
  const cases = hostileCases(tag);
  t.ok(cases.length >= 100, `${cases.length} cases in the corpus`);
  for (const [i, c] of cases.entries()) {
    if (i % 2 !== part) continue;
    await t.test(c.name, (t) => runHostileCase(t, lab, c, String(5000 + i), tag));
  }
}

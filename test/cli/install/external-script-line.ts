/** setExternalScript / unsetExternalScript keep every other byte (table-driven, pure). */
import t from 'tap';
import {
  activeExternalScript,
  setExternalScript,
  unsetExternalScript,
} from '../../../lib/cli/install/external-script-line.js';

const HOOK = '/usr/libexec/ctnet/ctnet-vznet';
const OURS = `EXTERNAL_SCRIPT="${HOOK}"\n`;

const cases: Array<{ name: string; text: string; want: string }> = [
  { name: 'empty file', text: '', want: OURS },
  { name: 'no EXTERNAL_SCRIPT', text: '# site\nFOO=1\n', want: `# site\nFOO=1\n${OURS}` },
  { name: 'no final newline', text: '# site\nFOO=1', want: `# site\nFOO=1\n${OURS}` },
  { name: 'CRLF lines kept', text: '# site\r\nFOO=1\r\n', want: `# site\r\nFOO=1\r\n${OURS}` },
  { name: 'existing one replaced in place', text: 'A=1\r\nEXTERNAL_SCRIPT="/x/y"\r\nB=2', want: `A=1\r\n${OURS}B=2` },
  { name: 'commented one ignored', text: '#EXTERNAL_SCRIPT="/x"\n', want: `#EXTERNAL_SCRIPT="/x"\n${OURS}` },
  {
    name: 'last active one counts (shell source)',
    text: 'EXTERNAL_SCRIPT=/a\nEXTERNAL_SCRIPT=/b\n',
    want: `EXTERNAL_SCRIPT=/a\n${OURS}`,
  },
  { name: 'export form', text: '  export EXTERNAL_SCRIPT=/a\n', want: OURS },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const once = setExternalScript(c.text, HOOK);
    t.equal(once, c.want, 'set');
    t.equal(setExternalScript(once, HOOK), once, 'set twice = set once');
    t.equal(activeExternalScript(once), OURS, 'ours is the active line');
    const undone = unsetExternalScript(once, HOOK, c.text);
    const site = activeExternalScript(c.text);
    t.equal(activeExternalScript(undone ?? ''), site, 'undo gives back the original active line (or none)');
  });
}

t.test('undo after the site edited the file keeps their edit', async (t) => {
  const orig = 'A=1\nEXTERNAL_SCRIPT="/site/hook"\n';
  const installed = setExternalScript(orig, HOOK);
  const edited = `# added by the site later\n${installed}C=3\n`;
  t.equal(
    unsetExternalScript(edited, HOOK, orig),
    '# added by the site later\nA=1\nEXTERNAL_SCRIPT="/site/hook"\nC=3\n',
  );
  t.equal(unsetExternalScript('A=1\n', HOOK, orig), undefined, 'no ctnet line: nothing to undo');
});

t.test('the hook path written for a shell to source is plain', async (t) => {
  const { externalScriptLine } = await import('../../../lib/cli/install/external-script-line.js');
  t.equal(externalScriptLine('/usr/libexec/ctnet/ctnet-vznet'), 'EXTERNAL_SCRIPT="/usr/libexec/ctnet/ctnet-vznet"\n');
  for (const bad of [
    '/x"; touch /tmp/pwned; "',
    '/x\nEXTERNAL_SCRIPT=/tmp/evil',
    '/x$(id)',
    '/x`id`',
    'relative/x',
    '/a b',
  ]) {
    t.throws(() => externalScriptLine(bad), { code: 'E_USAGE' }, JSON.stringify(bad));
  }
});

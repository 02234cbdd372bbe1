/**
 * Hostile and broken input for the OpenVZ hooks: config values, whole files, argv and env.
 * Injection strings carry a marker ("PWN" + tag) so a test can prove no command, batch line or
 * file ever carried them; `$(touch ...)` variants would leave a /tmp/pwned-<tag>-* file.
 */

export interface HostileCase {
  name: string;
  /** CT config text (the CT's VEID and veth are filled in). */
  conf: (veid: string) => string;
  /** Extra hook argv after `init veth <dev>`; `dev` replaces the host veth argument. */
  dev?: string;
  bridgeArg?: string;
  /** VEID passed in the environment (default: the case's CT). */
  veidEnv?: string;
  /** 'ok': must succeed and route 10.0.0.31 via br0; 'error': must fail cleanly; 'either'. */
  expect: 'ok' | 'error' | 'either';
  /** Text that must never reach a command (default: the marker). */
  marker?: string;
}

export const good = (veid: string, over: Record<string, string> = {}): Record<string, string> => ({
  NETIF: `"ifname=eth0,host_ifname=veth${veid}.0"`,
  VETH_IP_ADDRESS: '"10.0.0.31/24"',
  CT0_IP: '"10.0.0.2"',
  BRIDGEDEV: '"br0"',
  ...over,
});

export const render = (vars: Record<string, string>): string =>
  Object.entries(vars)
    .map(([k, v]) => `${k}=${v}\n`)
    .join('');

/** Injection attempts; `M` is the marker, `P` a path whose creation would prove execution. */
export function injections(M: string, P: string): string[] {
  return [
    `$(touch ${P})`,
    `\`touch ${P}\``,
    `br0;touch ${P}`,
    `br0 && touch ${P} ${M}`,
    `br0|touch ${P}`,
    `br0 type dummy ${M}`,
    `eth0 up; link del br0 ${M}`,
    `../../${M}`,
    `-batch${M}`,
    `--help${M}`,
    `${M}${'x'.repeat(300)}`,
    `\${IFS}${M}`,
    `$HOME${M}`,
    `%s%n${M}`,
    `'${M}'"`,
    `v\u0435th${M}`,
    `${M}\u202e0rb`,
    `10.0.0.31/24 $(touch ${P})`,
    `10.0.0.31/24;touch ${P}`,
    `10.0.0.31/24\\ntouch ${P}`,
  ];
}

/** Broken values per key (no execution possible, but each must be refused clearly). */
export const broken: Record<string, string[]> = {
  VETH_IP_ADDRESS: [
    '"10.0.0.300/24"',
    '"10.0.0.31/33"',
    '"::gggg"',
    '"1e3"',
    '"10.0.0.31/255.0.255.0"',
    '"224.0.0.1/24"',
    '"fe80::1%eth0/64"',
    '"10.0.0.31/24 10.0.0.31/24x"',
  ],
  CT0_IP: ['"0.0.0.0"', '"not-an-ip"', '"10.0.0.2 10.0.0.256"'],
  VE_DEFAULT_GATEWAY: ['"10.0.0.1/24"', '"ff02::1"', '"yes"'],
  BRIDGEDEV: ['"br0 br1"', '"br/0"', '"."', '"bridge-name-too-long"'],
  VETH_VLAN: ['"0"', '"4095"', '"-1"', '"5a"', '"99999"'],
  NETIF: [
    '"ifname"',
    '"host_ifname=veth1.0"',
    '"ifname=eth0,ifname=eth1"',
    '"ifname=eth0,mac=zz:zz:zz:zz:zz:zz"',
    '"ifname=eth0;ifname=eth0"',
    '"ifname=eth0,type=weird"',
  ],
};

export function hostileCases(tag: string): HostileCase[] {
  const cases: HostileCase[] = [];
  let n = 0;
  const marker = () => `PWN${tag}x${n++}`;
  const path = (m: string) => `/tmp/pwned-${tag}-${m}`;
  for (const key of ['ifname', 'host_ifname', 'bridge', 'mac'] as const) {
    for (const inj of injections('@M', '@P').slice(0, 5)) {
      const m = marker();
      const v = inj.replace(/@M/g, m).replace(/@P/g, path(m));
      cases.push({
        name: `NETIF ${key}=${JSON.stringify(v).slice(0, 40)}`,
        marker: m,
        expect: 'error',
        conf: (veid) =>
          render(
            good(veid, {
              NETIF: `"ifname=eth0,host_ifname=veth${veid}.0,${key}=${v.replace(/"/g, '')}"`.replace(
                key === 'ifname' ? 'ifname=eth0,' : key === 'host_ifname' ? `host_ifname=veth${veid}.0,` : '\u0000',
                '',
              ),
            }),
          ),
      });
    }
  }
  for (const key of ['VETH_IP_ADDRESS', 'CT0_IP', 'VE_DEFAULT_GATEWAY', 'BRIDGEDEV', 'VETH_VLAN']) {
    for (const [i, inj] of injections('@M', '@P').entries()) {
      if (i % 2 === key.length % 2) continue; // every key gets half of the list, alternating
      const m = marker();
      const v = inj.replace(/@M/g, m).replace(/@P/g, path(m));
      for (const quoted of [true, false]) {
        if (!quoted && i > 3) continue;
        cases.push({
          name: `${key}=${quoted ? 'quoted ' : ''}${JSON.stringify(v).slice(0, 40)}`,
          marker: m,
          expect: 'error',
          conf: (veid) => render(good(veid, { [key]: quoted ? `"${v.replace(/"/g, '')}"` : v })),
        });
      }
    }
    for (const b of broken[key] ?? [])
      cases.push({ name: `${key}=${b} (broken)`, expect: 'error', conf: (veid) => render(good(veid, { [key]: b })) });
  }
  for (const b of broken['NETIF']!)
    cases.push({ name: `NETIF=${b} (broken)`, expect: 'error', conf: (veid) => render(good(veid, { NETIF: b })) });
  for (const inj of injections('@M', '@P').slice(0, 10)) {
    const m = marker();
    const v = inj.replace(/@M/g, m).replace(/@P/g, path(m));
    cases.push({
      name: `argv dev ${JSON.stringify(v).slice(0, 40)}`,
      marker: m,
      expect: 'error',
      dev: v,
      conf: (veid) => render(good(veid)),
    });
    const m2 = marker();
    const v2 = inj.replace(/@M/g, m2).replace(/@P/g, path(m2));
    cases.push({
      name: `argv bridge ${JSON.stringify(v2).slice(0, 40)}`,
      marker: m2,
      expect: 'error',
      bridgeArg: v2,
      conf: (veid) => render(good(veid)),
    });
    const m3 = marker();
    const v3 = inj.replace(/@M/g, m3).replace(/@P/g, path(m3));
    cases.push({
      name: `env VEID ${JSON.stringify(v3).slice(0, 40)}`,
      marker: m3,
      expect: 'error',
      veidEnv: v3,
      conf: (veid) => render(good(veid)),
    });
  }
  const m = marker();
  cases.push(
    {
      name: 'argv dev with a newline (batch line injection)',
      marker: m,
      expect: 'error',
      dev: `veth1\nlink del br0 ${m}`,
      conf: (veid) => render(good(veid)),
    },
    { name: 'NUL byte', expect: 'error', conf: (veid) => render(good(veid)).replace('CT0_IP', 'CT0\u0000_IP') },
    { name: 'CRLF line ends', expect: 'ok', conf: (veid) => render(good(veid)).replace(/\n/g, '\r\n') },
    { name: 'UTF-8 BOM', expect: 'ok', conf: (veid) => `\ufeff${render(good(veid))}` },
    {
      name: 'huge file (2 MB)',
      expect: 'error',
      conf: (veid) => `${render(good(veid))}# ${'x'.repeat(2 * 1024 * 1024)}\n`,
    },
    {
      name: 'unknown keys',
      expect: 'ok',
      conf: (veid) => `${render(good(veid))}FOO="$(touch ${path(m)})"\nBAR=\`x\`\n`,
      marker: m,
    },
    {
      name: 'unknown NETIF key carrying an injection',
      expect: 'ok',
      marker: `${m}n`,
      conf: (veid) =>
        render(good(veid, { NETIF: `"ifname=eth0,host_ifname=veth${veid}.0,evil=$(touch ${path(`${m}n`)})"` })),
    },
    {
      name: 'duplicate key: the first wins (as in vzctl)',
      expect: 'ok',
      marker: `${m}d`,
      conf: (veid) => `${render(good(veid))}BRIDGEDEV="br0;touch ${path(`${m}d`)}"\n`,
    },
    {
      name: 'duplicate key: a hostile first value',
      expect: 'error',
      marker: `${m}e`,
      conf: (veid) => `BRIDGEDEV="br0;touch ${path(`${m}e`)}"\n${render(good(veid))}`,
    },
    {
      name: 'shell syntax: export and spaces',
      expect: 'either',
      conf: (veid) => render(good(veid)).replace('BRIDGEDEV=', 'export BRIDGEDEV = '),
    },
    { name: 'unclosed quote', expect: 'error', conf: (veid) => render(good(veid, { BRIDGEDEV: '"br0' })) },
    {
      name: 'text after the closing quote',
      expect: 'error',
      marker: `${m}q`,
      conf: (veid) => render(good(veid, { BRIDGEDEV: `"br0" ; touch ${path(`${m}q`)} ${m}q` })),
    },
    { name: 'backslash escapes', expect: 'either', conf: (veid) => render(good(veid, { BRIDGEDEV: '"b\\r0"' })) },
    { name: 'binary garbage', expect: 'either', conf: (veid) => `${render(good(veid))}\u0001\u0002\u00ff=\u0007\n` },
    {
      name: 'very long line',
      expect: 'error',
      conf: (veid) => render(good(veid, { VETH_IP_ADDRESS: `"${'10.0.0.31/24 '.repeat(5000)}x"` })),
    },
    {
      name: '200 NETIF interfaces',
      expect: 'either',
      conf: (veid) =>
        render(good(veid, { NETIF: `"${Array.from({ length: 200 }, (_, i) => `ifname=eth${i}`).join(';')}"` })),
    },
    {
      name: 'CT0_IP with a prefix (taken as the host address)',
      expect: 'ok',
      conf: (veid) => render(good(veid, { CT0_IP: '"10.0.0.2/24"' })),
    },
    { name: 'empty file (not a ctnet CT: the veth is only brought up)', expect: 'either', conf: () => '' },
    { name: 'only comments', expect: 'either', conf: () => '# nothing\n   # here\n' },
  );
  return cases;
}

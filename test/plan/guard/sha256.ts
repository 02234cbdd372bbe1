/** lib/plan/guard/sha256.ts gives node:crypto's SHA-256, so fingerprints and cookies written by earlier versions still match. */
import t from 'tap';
import { createHash } from 'node:crypto';
import { sha256Hex } from '../../../lib/plan/guard/sha256.js';

const crypto = (s: string): string => createHash('sha256').update(s).digest('hex');

t.test('known answers (FIPS 180-4 examples)', async (t) => {
  t.equal(sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  t.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  t.equal(
    sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'),
    '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
  );
});

t.test('every length around the 64-byte blocks and their padding, as node:crypto', async (t) => {
  for (let n = 0; n <= 200; n++) {
    const s = Array.from({ length: n }, (_, i) => String.fromCharCode(33 + ((i * 7 + n) % 90))).join('');
    t.equal(sha256Hex(s), crypto(s), `${n} bytes`);
  }
});

t.test('UTF-8 text and the strings the guard hashes, as node:crypto', async (t) => {
  const samples = [
    'ctnet-guard:veth101.0',
    'ctnet-guard:vethBA5E1234.0',
    ['arp 10.0.0.5', 'ip saddr 10.0.0.5', 'ip6 saddr fe80::1'].join('\n'),
    'ä€𝄞 — non-ASCII',
    '\u0000\uffff',
    'x'.repeat(10_000),
  ];
  for (const s of samples) t.equal(sha256Hex(s), crypto(s), JSON.stringify(s.slice(0, 40)));
});

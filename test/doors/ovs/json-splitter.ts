/** JsonSplitter: complete objects out of an undelimited stream, wherever the chunks are cut. */
import t from 'tap';
import { JsonSplitter } from '../../../lib/doors/ovs/json-splitter.js';

const STREAM =
  '{"id":1,"result":[{"rows":[]}],"error":null}' +
  ' \n{"method":"echo","params":["a}b{"],"id":"echo"}' +
  '{"s":"quote \\" and backslash \\\\","n":{"deep":{"x":"}"}}}' +
  '{"utf8":"Grüße – ✓"}';

t.test('one chunk, every cut point, byte by byte: the same objects', async (t) => {
  const want = [
    { id: 1, result: [{ rows: [] }], error: null },
    { method: 'echo', params: ['a}b{'], id: 'echo' },
    { s: 'quote " and backslash \\', n: { deep: { x: '}' } } },
    { utf8: 'Grüße – ✓' },
  ];
  const bytes = Buffer.from(STREAM);
  const parse = (chunks: Buffer[]): unknown[] => {
    const s = new JsonSplitter();
    return chunks.flatMap((c) => s.push(c)).map((x) => JSON.parse(x) as unknown);
  };
  t.same(parse([bytes]), want, 'one chunk');
  for (let cut = 1; cut < bytes.length; cut++) {
    const got = parse([bytes.subarray(0, cut), bytes.subarray(cut)]);
    if (JSON.stringify(got) !== JSON.stringify(want)) t.fail(`cut at byte ${cut}`);
  }
  t.same(parse([...bytes].map((b) => Buffer.from([b]))), want, 'byte by byte (multi-byte UTF-8 split too)');
});

t.test('an incomplete object is held, not returned', async (t) => {
  const s = new JsonSplitter();
  t.same(s.push(Buffer.from('{"a":{"b":1}')), []);
  t.ok(s.buffered > 0);
  t.same(s.push(Buffer.from('}')), ['{"a":{"b":1}}']);
  t.equal(s.buffered, 0);
});

t.test('a message that never ends is refused past the bound, not held forever', async (t) => {
  const { JsonSplitter, MAX_MESSAGE_BYTES } = await import('../../../lib/doors/ovs/json-splitter.js');
  const s = new JsonSplitter();
  const chunk = Buffer.from(`{"result":"${'x'.repeat(1024 * 1024)}`);
  t.throws(
    () => {
      for (let i = 0; i < 20; i++) s.push(chunk);
    },
    { message: /larger than 16777216 bytes/ },
  );
  const g = new JsonSplitter();
  t.throws(
    () => g.push(Buffer.alloc(MAX_MESSAGE_BYTES + 1, 0x61)),
    { message: /larger than/ },
    'garbage outside any object too',
  );
});

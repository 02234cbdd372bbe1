/**
 * OVSDB's JSON-RPC stream (RFC 7047 section 4) is a sequence of JSON objects with no
 * delimiter between them. JsonSplitter cuts the byte stream into complete objects by counting
 * braces outside strings. Working on bytes is safe: `{`, `}`, `"` and `\` are ASCII and never
 * occur inside a multi-byte UTF-8 sequence, so a chunk may end anywhere. A message that
 * grows past MAX_MESSAGE_BYTES (or bytes that never form one) is an error, not memory use.
 */
const OPEN = 0x7b;
const CLOSE = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** The largest message held: ctnet reads one port and one bridge; a bigger answer is broken. */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

export class JsonSplitter {
  private pending: Buffer[] = [];
  private depth = 0;
  private inString = false;
  private escaped = false;

  /** Feed a chunk; returns the texts of the objects it completed (possibly none). */
  push(chunk: Buffer): string[] {
    const out: string[] = [];
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) this.inString = false;
      } else if (c === QUOTE) {
        this.inString = true;
      } else if (c === OPEN) {
        this.depth++;
      } else if (c === CLOSE && this.depth > 0 && --this.depth === 0) {
        this.pending.push(chunk.subarray(start, i + 1));
        out.push(Buffer.concat(this.pending).toString('utf8').trim());
        this.pending = [];
        start = i + 1;
      }
    }
    if (start < chunk.length) this.pending.push(chunk.subarray(start));
    if (this.buffered > MAX_MESSAGE_BYTES) throw new Error(`a message larger than ${MAX_MESSAGE_BYTES} bytes`);
    return out;
  }

  /** Bytes held that do not yet form a complete object (for "connection closed mid-message"). */
  get buffered(): number {
    return this.pending.reduce((n, b) => n + b.length, 0);
  }
}

/** Every path under a directory with its type, mode and content hash (to compare trees). */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export function treeSnapshot(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of fs.readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      const st = fs.lstatSync(p);
      const rel = path.relative(root, p);
      const mode = (st.mode & 0o7777).toString(8);
      if (st.isDirectory()) {
        out.push(`${rel}/ ${mode}`);
        walk(p);
      } else {
        out.push(`${rel} ${mode} ${createHash('sha256').update(fs.readFileSync(p)).digest('hex').slice(0, 16)}`);
      }
    }
  };
  walk(root);
  return out;
}

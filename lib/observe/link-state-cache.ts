/**
 * readLinkState memoised for one pass over many containers (`check`, `status`): each link is
 * read from sysfs once, however many interfaces, records or OVS ports name it (a bridge shared by
 * many containers is read once, not once per container). Make a new one per pass: it never
 * forgets, so it must not outlive a change to the links.
 */
import { readLinkState, SYS_NET, type LinkState } from './link-state.js';

export type LinkReader = (name: string) => LinkState;

export function linkStateCache(sysNet = SYS_NET): LinkReader {
  const seen = new Map<string, LinkState>();
  return (name) => {
    let s = seen.get(name);
    if (!s) {
      s = readLinkState(name, sysNet);
      seen.set(name, s);
    }
    return s;
  };
}

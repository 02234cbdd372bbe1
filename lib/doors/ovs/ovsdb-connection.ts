/**
 * One OVSDB connection per process and database, opened on first use and reused: a hook's
 * bridge detection and its port transaction share it. A connection that failed stays failed
 * for this process, so a rollback after "unreachable" reports at once instead of waiting for
 * another timeout.
 */
import type { ApplyContext } from '../../apply/context.js';
import { parseOvsdbAddress } from './ovsdb-address.js';
import { OvsdbClient } from './ovsdb-client.js';

export type OvsdbContext = Pick<ApplyContext, 'ovsDb' | 'ovsTimeoutSec'>;

const clients = new Map<string, OvsdbClient>();

export function ovsdbFor(ctx: OvsdbContext): OvsdbClient {
  const key = `${ctx.ovsDb}\n${ctx.ovsTimeoutSec}`;
  let client = clients.get(key);
  if (!client) {
    client = new OvsdbClient(parseOvsdbAddress(ctx.ovsDb), ctx.ovsTimeoutSec);
    clients.set(key, client);
  }
  return client;
}

/** Close every connection this process opened (tests; hooks simply exit). Idempotent. */
export function closeOvsdbConnections(): void {
  for (const c of clients.values()) c.close();
  clients.clear();
}

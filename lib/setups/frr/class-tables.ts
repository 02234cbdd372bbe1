/**
 * The IPv4 announcement classes as FRR reads them live (pure): the hooks put a spare's IPv4
 * host route into kernel table 213 and an anycast's into 214 (primaries stay in main), with
 * `ip rule`s just before main so forwarding is unchanged. zebra imports both tables
 * (`ip import-table`), and each routing daemon redistributes them with the class's policy, so
 * a spare or anycast container added or removed needs no new configuration and no reload.
 * FRR 8.4 has no `ipv6 import-table`: IPv6 classes stay with the kernel metric in main.
 */
import { ANNOUNCE_TABLE } from '../../request/announce-class.js';

export type TableClass = keyof typeof ANNOUNCE_TABLE;

/** The classes in the order their lines are written. */
export const TABLE_CLASSES: readonly TableClass[] = ['spare', 'anycast'];

/**
 * zebra's top-level lines: import the class tables into the RIB (as `T[213]`, distance 15, the
 * kernel metric kept). zebra also installs its copy into main (`proto zebra`); forwarding still
 * finds the class table first through the hooks' rules.
 */
export function importTableLines(): string[] {
  return [
    `! IPv4 spares (table ${ANNOUNCE_TABLE.spare}) and anycast addresses (table ${ANNOUNCE_TABLE.anycast}), read live from the hooks' class tables`,
    ...TABLE_CLASSES.map((c) => `ip import-table ${ANNOUNCE_TABLE[c]}`),
  ];
}

/** `redistribute table N route-map M` for each class table, indented for a router block. */
export function redistributeTableLines(indent: string, routeMap: (c: TableClass) => string): string[] {
  return TABLE_CLASSES.map((c) => `${indent}redistribute table ${ANNOUNCE_TABLE[c]} route-map ${routeMap(c)}`);
}

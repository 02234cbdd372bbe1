/**
 * The IPv4 announcement classes as FRR reads them live (pure): for a spare's IPv4 address the
 * hooks put a marker (a blackhole, never used for forwarding) into kernel table 213, for an
 * anycast's into 214, and the container's route into 212 behind a rule just before main
 * (lib/plan/route-line.ts; primaries stay in main). zebra imports the marker tables (`ip
 * import-table`), and each routing daemon redistributes them with the class's policy, so a
 * spare or anycast container added or removed needs no new configuration and no reload.
 * FRR 8.4 has no `ipv6 import-table`: IPv6 classes stay with the kernel metric in main.
 */
import { ANNOUNCE_TABLE } from '../../request/announce-class.js';

export type TableClass = keyof typeof ANNOUNCE_TABLE;

/** The classes in the order their lines are written. */
export const TABLE_CLASSES: readonly TableClass[] = ['spare', 'anycast'];

/**
 * zebra's top-level lines: import the marker tables into the RIB (as `T[213]`, distance 15, the
 * kernel metric kept). zebra also installs its copy, a blackhole, into main (`proto zebra`);
 * forwarding finds the container's route in table 212 first, through the hooks' rule.
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

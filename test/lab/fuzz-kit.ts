/**
 * What the parser fuzzers share (test/fuzz/parsers.ts for OpenVZ, test/fuzz/lxc-config.ts for
 * LXC): the command lines a plan would run, random atoms dropped into a valid config, and the
 * tally of "planned with safe commands, or refused in one line".
 */
import type { Test } from 'tap';
import { CtnetError } from '../../lib/errors.js';
import { ovsPortCommands } from '../../lib/plan/ovs-port-plan.js';
import type { Plan, Step } from '../../lib/plan/plan.js';
import { teardownSteps } from '../../lib/plan/teardown-entry.js';

/** Every command line a plan and its teardown would run, as text. */
export function commandLines(plan: Plan): string[] {
  const of = (s: Step): string[] => {
    switch (s.kind) {
      case 'host-batch':
        return s.lines.flatMap((l) => [l.cmd, ...(l.undo ? [l.undo] : [])]);
      case 'ct-batch':
        return [...s.lines, ...(s.undo ?? []).filter((u) => u !== '')]; // '' = nothing to undo
      case 'ovs':
        return [...s.commands, ...(s.undo ?? [])].map((c) => c.join(' '));
      case 'ovs-port':
        return ovsPortCommands(s).map((c) => c.join(' ')); // the equivalent ovs-vsctl text of its values
      case 'sysctl':
        return [`${s.key} ${s.value}`];
      case 'nft':
        return []; // NAT entries are structured data handed to nft, not command text
      // The nft script's syntax is fixed text; what a config can reach are the values in it.
      case 'port-guard':
        return [
          s.op === 'add'
            ? ['guard', s.spec.port, s.spec.mac ?? '-', ...s.spec.addresses.map((a) => a.address)].join(' ')
            : `guard ${s.port}`,
        ];
    }
  };
  return [...plan.steps, ...teardownSteps(plan.teardown)].flatMap(of);
}

/** A valid config with one to three random atoms dropped in at random places. */
export function mutator(
  atoms: readonly string[],
  int: (n: number) => number,
  pick: <T>(xs: readonly T[]) => T,
): (text: string) => string {
  return (text) => {
    let out = text;
    for (let i = int(3); i >= 0; i--) {
      const at = int(out.length + 1);
      out = `${out.slice(0, at)}${pick(atoms)}${out.slice(at)}`;
    }
    return out;
  };
}

/** Plans whose every command line matches `safe`, and refusals that are one-line CtnetErrors. */
export class PlanTally {
  planned = 0;
  refused = 0;
  readonly unsafe: string[] = [];
  readonly multiline: string[] = [];

  constructor(private readonly safe: RegExp) {}

  plan(text: string, plan: Plan): void {
    this.planned++;
    for (const l of commandLines(plan))
      if (!this.safe.test(l)) this.unsafe.push(`${JSON.stringify(text)} -> ${JSON.stringify(l)}`);
  }

  /** A refusal; false (and a failure) when `e` is not a CtnetError. */
  refusal(t: Test, text: string, e: unknown): boolean {
    if (!(e instanceof CtnetError)) {
      t.fail(`not a CtnetError for ${JSON.stringify(text)}: ${String(e)}`);
      return false;
    }
    if (e.message.includes('\n')) this.multiline.push(JSON.stringify(e.message));
    this.refused++;
    return true;
  }

  assert(t: Test): void {
    t.same(this.unsafe.slice(0, 5), [], 'every planned command line is made of safe tokens');
    t.same(this.multiline.slice(0, 5), [], 'every refusal is one line');
    t.ok(
      this.planned > 100 && this.refused > 100,
      `both outcomes exercised (${this.planned} plans, ${this.refused} refusals)`,
    );
  }
}

/**
 * Self cost (instructions) per function in a callgrind output file (pure): enough of the
 * format (valgrind docs, "Callgrind Format Specification") to add up cost lines per function,
 * leaving out the line after each `calls=` (that one is the inclusive cost of the call).
 *
 *   fn=(12) name        function 12 is "name" (later: fn=(12) alone)
 *   cfn=(13) name       a called function (names it, does not switch the current function)
 *   calls=N target      the next cost line is the call's inclusive cost
 *   16 3000 / +2 50     a position (absolute or relative) and the cost of its event(s)
 *   summary: N          or totals: N, the whole run
 */
export interface CallgrindCost {
  total: number;
  selfByFunction: Map<string, number>;
}

export function callgrindCost(text: string): CallgrindCost {
  const names = new Map<string, string>();
  const self = new Map<string, number>();
  let current = '';
  let total = 0;
  let skipNext = false;
  for (const line of text.split('\n')) {
    const c = line.charCodeAt(0);
    if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 42) {
      // a cost line: positions then costs; the first event (Ir) follows the position
      if (skipNext) {
        skipNext = false;
        continue;
      }
      const cost = Number(line.split(' ')[1] ?? 0);
      if (Number.isFinite(cost)) self.set(current, (self.get(current) ?? 0) + cost);
    } else if (line.startsWith('fn=')) {
      current = functionName(line.slice(3), names);
    } else if (line.startsWith('cfn=')) {
      functionName(line.slice(4), names);
    } else if (line.startsWith('calls=')) {
      skipNext = true;
    } else if (line.startsWith('summary:') || line.startsWith('totals:')) {
      total = Number(line.split(':')[1]!.trim().split(' ')[0]);
    }
  }
  return { total, selfByFunction: self };
}

/** "(12) name" defines id 12; "(12)" refers to it; a plain name is itself. */
function functionName(spec: string, names: Map<string, string>): string {
  const m = /^\((\d+)\)(?: (.*))?$/.exec(spec);
  if (!m) return spec;
  if (m[2] !== undefined) names.set(m[1]!, m[2]);
  return names.get(m[1]!) ?? spec;
}

/**
 * Instructions of a run without V8's hash seed set-up: Node picks its hash seed with a random
 * prime search (HashSeed::InitializeRoots -> detail::sprp) whose cost varies from run to run,
 * in every Node process alike; leaving it out makes two runs of the same thing agree closely
 * (docs/bench.md).
 */
export function instructionsWithoutSeed(cost: CallgrindCost): number {
  let seed = 0;
  for (const [name, n] of cost.selfByFunction) if (/\bsprp\b/.test(name)) seed += n;
  return cost.total - seed;
}

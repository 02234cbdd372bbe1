/**
 * What a planner loads when it runs: type-only imports are erased by the compiler, so this
 * pass reads the modules as compiled (tsPreCompilationDeps: false). A planner (request/,
 * plan/, the plan-/render-/-conf files of setups/) reaches no door, observer, applier or
 * record through any chain of imports. `.dependency-cruiser.cjs` checks cycles (types too),
 * the doors and the hooks.
 */
const base = require('./.dependency-cruiser.cjs');
const PLANNERS = ['^lib/(request|plan)/', '^lib/setups/[^/]+/(plan-[^/]+|[^/]+-plan|render-[^/]+|[^/]+-conf)[.]ts$'];
const EFFECTS = '^lib/(doors|observe|apply|state)/';
module.exports = {
  forbidden: [
    {
      name: 'planners-are-pure',
      severity: 'error',
      comment:
        'A planner takes the request and the observed state and returns a plan: it reaches no door, observer, applier or record, directly or through another module.',
      from: { path: PLANNERS },
      to: { path: EFFECTS, reachable: true },
    },
  ],
  options: { ...base.options, tsPreCompilationDeps: false },
};

/**
 * The layers of lib/ (docs/architecture.md), kept by rules: `npm run deps` fails on a violation.
 * runtimes/ → request/ → observe/ → plan/ → apply/ → doors/; handlers/ wire one hook event;
 * hook/ is the frame; setups/ are the host setups; cli/ the commands.
 */
const rules = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'No import cycles, value or type: a cycle hides which module is the base.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'only-doors-touch-the-system',
      severity: 'error',
      comment: 'Processes, files and sockets are reached only through lib/doors/.',
      from: { path: '^(lib|hooks|bin)/', pathNot: '^lib/doors/' },
      to: {
        dependencyTypes: ['core'],
        path: '^(node:)?(child_process|fs|fs/promises|net|dgram|http|https|worker_threads|cluster)$',
      },
    },
    {
      name: 'hooks-are-thin',
      severity: 'error',
      comment: 'A hook entry imports only its handler and the hook frame.',
      from: { path: '^hooks/' },
      to: { pathNot: '^lib/(handlers|hook)/' },
    },
    {
      name: 'hooks-load-no-crypto',
      severity: 'error',
      comment:
        'Every hook run would compile node:crypto at start-up (about 10 M instructions, docs/bench.md); the guard hashes with lib/plan/guard/sha256.ts.',
      from: { path: '^hooks/' },
      to: { path: '^(node:)?crypto$', reachable: true },
    },
    {
      name: 'no-orphans',
      severity: 'error',
      comment: 'A module nothing imports is dead code or a missing entry point.',
      from: { orphan: true, path: '^lib/' },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Our modules, and Node's built-ins (node:fs...) for the doors and crypto rules.
    includeOnly:
      '^(lib|hooks|bin)/|^(node:)?(child_process|fs|fs/promises|net|dgram|http|https|worker_threads|cluster|crypto)$',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
module.exports = rules;

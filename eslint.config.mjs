// @ts-check
// ESLint finds bugs; Prettier owns the layout (eslint-config-prettier, last, switches off every
// rule the two would fight over). `npm run lint` fails on any warning.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', '.tap/', 'test/fixtures/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    files: ['**/*.ts'],
    rules: {
      // An async callback without await is how a synchronous body meets a Promise-returning
      // contract (a command's run, withLock) and turns its throw into a rejection; a forgotten
      // await is caught by no-floating-promises, no-misused-promises and await-thenable.
      '@typescript-eslint/require-await': 'off',
      // A caught value is unknown; rethrowing it as it came is right.
      '@typescript-eslint/only-throw-error': ['error', { allowThrowingUnknown: true }],
      // A switch over a union without a default must name every member: a new step kind, hook
      // event or record entry cannot slip past the code that dispatches on it.
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      // `return await` inside try: a rejection must reach the catch (rollback) of that try.
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { disallowTypeAnnotations: false, fixStyle: 'inline-type-imports' },
      ],
      '@typescript-eslint/use-unknown-in-catch-callback-variable': 'error',
      // tsc's noUnusedLocals allows `const { a: _a, ...rest } = x` (dropping a key); so do we.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['lib/**', 'hooks/**', 'bin/**', 'scripts/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-deprecated': 'error',
    },
  },
  {
    files: ['lib/**', 'hooks/**', 'bin/**'],
    rules: {
      // The executables write through their io and log (stdout is the CLI's output, stderr
      // the hook's journal line), never through console.
      'no-console': 'error',
    },
  },
  {
    files: ['test/**'],
    rules: {
      // tap runs subtests in order and reports their failures itself: the promise t.test
      // returns needs no await.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: '@tapjs/test', name: 'test' }] },
      ],
      // Tests read `ip -j`, `nft -j` and report JSON loosely; a wrong guess of its shape fails
      // the test itself.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Patterns match column-aligned tables: runs of spaces read like the output they match.
      'no-regex-spaces': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    // A CommonJS file on purpose (bench/plain-node-hook.cjs: Node the usual way).
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);

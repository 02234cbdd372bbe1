/**
 * Module hooks for the quick suite (`npm run test:unit`): TypeScript files are stripped of
 * their types by esbuild's transform, which is much faster than ts-node's TypeScript compiler.
 * Types are checked by `npm run typecheck`, not here. Registered by ts-esbuild-import.mjs; it
 * runs ahead of tap's own hooks, so ts-node never compiles a file.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';

const TS_URL = /^file:[^?#]*\.m?ts(?:[?#]|$)/;

/** Source files import each other as `./x.js`; the file on disk is `./x.ts`. */
export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (e) {
    const relative = /^\.{1,2}\//.test(specifier) && /\.m?js$/.test(specifier);
    if (!relative || e?.code !== 'ERR_MODULE_NOT_FOUND' || !context.parentURL || !TS_URL.test(context.parentURL))
      throw e;
    return nextResolve(specifier.replace(/js$/, 'ts'), context);
  }
}

export async function load(url, context, nextLoad) {
  if (!TS_URL.test(url)) return nextLoad(url, context);
  const file = fileURLToPath(url.replace(/[?#].*$/, ''));
  const { code } = await transform(await readFile(file, 'utf8'), {
    loader: 'ts',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    sourcefile: file,
    tsconfigRaw: { compilerOptions: { useDefineForClassFields: true } },
  });
  return { format: 'module', source: code, shortCircuit: true };
}

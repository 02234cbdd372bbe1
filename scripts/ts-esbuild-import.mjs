/** `node --import ./scripts/ts-esbuild-import.mjs`: load TypeScript through esbuild (ts-esbuild-hooks.mjs). */
import { register } from 'node:module';

register('./ts-esbuild-hooks.mjs', import.meta.url);

/**
 * The entry of every built hook executable (scripts/build.mjs): the hook's own bundle arrives
 * as text (__CTNET_BUNDLE__) and runs through V8's code cache (lib/boot/code-cache.ts).
 */
import { runWithCodeCache } from './code-cache.js';

declare const __CTNET_BUNDLE__: string;
declare const __CTNET_BUILD_ID__: string;
declare const __CTNET_NAME__: string;

runWithCodeCache({
  name: __CTNET_NAME__,
  buildId: __CTNET_BUILD_ID__,
  source: __CTNET_BUNDLE__,
  file: process.argv[1] ?? __CTNET_NAME__,
  argv: process.argv.slice(2),
  env: process.env,
});

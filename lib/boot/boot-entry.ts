/**
 * The entry of every built hook executable (scripts/build.mjs). The hook's own bundle arrives
 * as text (__CTNET_BUNDLE__): on a Node with module.enableCompileCache (22.1+) it runs from a
 * copy in ctnet's cache directory, so Node's compile cache keeps V8's code of it between runs;
 * elsewhere, or when the cache cannot be used, it is compiled in memory as it is.
 */
import { runBundle } from './run-bundle.js';

declare const __CTNET_BUNDLE__: string;
declare const __CTNET_BUILD_ID__: string;
declare const __CTNET_NAME__: string;

runBundle({
  name: __CTNET_NAME__,
  buildId: __CTNET_BUILD_ID__,
  source: __CTNET_BUNDLE__,
  file: process.argv[1] ?? __CTNET_NAME__,
  env: process.env,
});

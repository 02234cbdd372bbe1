/** Replaced at build time from package.json (esbuild define); "dev" when run from source. */
declare const __CTNET_VERSION__: string | undefined;
export const VERSION: string = typeof __CTNET_VERSION__ === 'string' ? __CTNET_VERSION__ : 'dev';

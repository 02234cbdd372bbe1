// @ts-check
// Prettier owns the layout of code and JSON (`npm run format`, checked by `npm run
// format:check`); ESLint leaves layout alone (eslint-config-prettier).
/** @type {import('prettier').Config} */
export default {
  // The code is written wide: doc comments wrap at about 100, code at about 120 (the bar the
  // review of the tree counted against). 100 would also break a quarter more lines in lib/.
  printWidth: 120,
  singleQuote: true,
  trailingComma: 'all',
};

/** The admin CLI entry: dist/bin/ctnet */
import { ctnetMain } from '../lib/cli/ctnet-main.js';

const io = {
  stdout: (s: string) => void process.stdout.write(s),
  stderr: (s: string) => void process.stderr.write(s),
  processEnv: process.env,
  self: process.argv[1],
};
void ctnetMain(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
});

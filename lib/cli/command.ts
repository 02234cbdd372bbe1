/** One `ctnet <command>`: its help text and what it does. `run` returns the exit code. */
import type minimist from 'minimist';

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  processEnv: NodeJS.ProcessEnv;
  /** Path of the running ctnet executable (process.argv[1]); finds dist/hooks next to dist/bin. */
  self?: string;
  /** Running as the self-contained executable (bin/sea.ts): its hooks are links next to it. */
  sea?: boolean;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  strings?: string[];
  booleans?: string[];
  run: (args: minimist.ParsedArgs, io: CliIo) => Promise<number>;
}

#!/usr/bin/env node
// A plain Node hook doing what a ctnet hook run does, written the usual way, for `npm run
// bench` only (docs/bench.md): read the CT's config file, run each given command with its
// batch file on stdin through node:child_process, write a small record. No validation, no
// lock, no plan, no log.
// Usage: plain-node-hook.cjs CONF RECORD 'BATCHFILE COMMAND ARG...' [...]
'use strict';
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');

const [conf, record, ...commands] = process.argv.slice(2);
const text = fs.readFileSync(conf, 'utf8');
for (const spec of commands) {
  const [batch, command, ...args] = spec.split(' ');
  const r = spawnSync(command, args, {
    input: fs.readFileSync(batch),
    timeout: 10_000,
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  if (r.status !== 0) process.exit(1);
}
fs.writeFileSync(record, JSON.stringify({ conf, bytes: text.length, commands }));

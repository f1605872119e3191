#!/usr/bin/env node
import { processIo } from './io'
import { run } from './run'

// `pnpm inkwell …` runs this from the repository root: paths on the command line mean the
// directory the user typed it in, which pnpm passes as INIT_CWD.
if (process.env.npm_lifecycle_event === 'inkwell' && process.env.INIT_CWD) {
  process.chdir(process.env.INIT_CWD)
}

process.exitCode = await run(process.argv.slice(2), processIo())

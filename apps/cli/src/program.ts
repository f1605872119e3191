import { Command } from 'commander'
import packageJson from '../package.json' with { type: 'json' }
import { registerAdminCommands } from './commands/admin'
import { registerAuthCommands } from './commands/auth'
import { registerNotesCommands } from './commands/notes'
import { registerTokenCommands } from './commands/tokens'
import type { Cli } from './context'
import { DEFAULT_URL } from './settings'

/**
 * The `inkwell` command tree. Parsing never exits the process: usage errors and `--help`
 * surface as CommanderErrors for `run` to turn into exit codes.
 */
export function createProgram(cli: Cli): Command {
  const program = new Command('inkwell')
    .description('Inkwell from the command line: your notes, API tokens and accounts')
    .version(packageJson.version, '-V, --version')
    .option('--url <url>', `the server (env INKWELL_URL; default ${DEFAULT_URL})`)
    .option(
      '--token <token>',
      'an API token or session token; wins over the stored login. Prefer the env INKWELL_TOKEN: a command line is visible to other local users',
    )
    .exitOverride()
    .configureOutput({
      writeOut: (text) => cli.io.stdout.write(text),
      writeErr: (text) => cli.io.stderr.write(text),
    })
    .showHelpAfterError('(add --help for usage)')
    .showSuggestionAfterError()
    .configureHelp({ showGlobalOptions: true })
    .addHelpText(
      'after',
      `
Start with:
  inkwell login --email you@example.com
  inkwell notes list

Exit codes: 0 ok, 1 error, 2 usage, 3 not authenticated, 4 not found, 5 conflict.
Errors go to stderr as "APP_CODE: message"; with --json, stdout carries only JSON.`,
    )
  registerAuthCommands(program, cli)
  registerNotesCommands(program, cli)
  registerTokenCommands(program, cli)
  registerAdminCommands(program, cli)
  return program
}

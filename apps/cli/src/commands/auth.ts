import { isCancel, password as promptPassword } from '@clack/prompts'
import { createClient } from '@inkwell/client'
import type { Command } from 'commander'
import { isApiToken } from '../api-token'
import { deleteLogin, writeLogin } from '../config-file'
import { type Cli, contextOf } from '../context'
import { CliError, ExitCode, usageError } from '../errors'
import { type Io, printJson, readStdin, say } from '../io'
import { jsonOption } from '../options'
import { anonymousClient } from '../settings'

/** `inkwell login`, `logout` and `whoami`. */
export function registerAuthCommands(program: Command, cli: Cli): void {
  jsonOption(
    program
      .command('login')
      .description('log in and keep the session token (never the password) in the config file')
      .requiredOption('--email <email>', 'the account to log in to')
      .option('--password-stdin', 'read the password from stdin instead of prompting'),
  )
    .addHelpText(
      'after',
      `
The password is prompted for without echo, or read from stdin with --password-stdin:
  pass show inkwell | inkwell login --email ada@example.com --password-stdin
The session token is stored in $XDG_CONFIG_HOME/inkwell/config.json (~/.config by default),
readable by you only, and is sent only to the server it came from.`,
    )
    .action(
      async (options: { email: string; passwordStdin?: boolean; json?: boolean }, command) => {
        const ctx = await contextOf(cli, command)
        const password = await readPassword(cli.io, options.passwordStdin === true)
        const issued = await anonymousClient(ctx.settings).auth.login.mutate({
          email: options.email,
          password,
        })
        await writeLogin(ctx.settings.configPath, {
          url: ctx.settings.url,
          token: issued.session.token,
          email: issued.user.email,
          expiresAt: issued.session.expiresAt,
        })
        if (options.json)
          printJson(cli.io, { user: issued.user, expiresAt: issued.session.expiresAt })
        else say(cli.io, `Logged in to ${ctx.settings.url} as ${issued.user.email}.`)
      },
    )

  program
    .command('logout')
    .description('end the stored session and forget it')
    .action(async (_options, command) => {
      const ctx = await contextOf(cli, command)
      const stored = ctx.settings.storedLogin
      if (!stored) {
        say(cli.io, 'Not logged in.')
        return
      }
      try {
        // The token goes to the server it came from, whatever --url says.
        await createClient({ url: stored.url, token: stored.token }).auth.logout.mutate()
      } catch {
        say(
          cli.io,
          'The server did not confirm the logout; the stored session is forgotten anyway.',
        )
      }
      await deleteLogin(ctx.settings.configPath)
      say(cli.io, `Logged out of ${stored.url}.`)
    })

  jsonOption(
    program.command('whoami').description('show the account the credential belongs to'),
  ).action(async (options: { json?: boolean }, command) => {
    const ctx = await contextOf(cli, command)
    const me = await ctx.client().users.me.query()
    if (options.json) return printJson(cli.io, me)
    const how = isApiToken(ctx.settings.token ?? '') ? 'an API token' : 'a session'
    cli.io.stdout.write(
      `${me.name} <${me.email}> (${me.role}), through ${how} on ${ctx.settings.url}\n`,
    )
  })
}

async function readPassword(io: Io, fromStdin: boolean): Promise<string> {
  if (fromStdin) {
    // One trailing newline is the pipe's, not the password's.
    const password = (await readStdin(io)).replace(/\r?\n$/, '')
    if (!password) throw usageError('No password on stdin')
    return password
  }
  if (!io.stdin.isTTY) {
    throw usageError('No terminal to prompt for the password on: pipe it in with --password-stdin')
  }
  const answer = await promptPassword({ message: 'Password', input: io.stdin, output: io.stderr })
  if (isCancel(answer)) throw new CliError('CANCELLED', 'Login cancelled', ExitCode.error)
  return answer
}

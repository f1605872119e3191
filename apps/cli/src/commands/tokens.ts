import { type Command, Option } from 'commander'
import { type Cli, contextOf } from '../context'
import { out, printJson, say } from '../io'
import { jsonOption, positiveInt, uuidArgument } from '../options'
import { shortTime, table } from '../table'

/** `inkwell tokens …`: API tokens for scripts and CI (a logged-in session is needed). */
export function registerTokenCommands(program: Command, cli: Cli): void {
  const tokens = program
    .command('tokens')
    .description('API tokens for scripts and CI (managing them needs `inkwell login`)')

  jsonOption(
    tokens
      .command('create')
      .description('create an API token; it is shown this once')
      .requiredOption('--name <name>', 'what the token is for, e.g. "nightly backup"')
      .addOption(
        new Option('--scope <scope>', 'read: queries only; write: queries and changes')
          .choices(['read', 'write'])
          .makeOptionMandatory(),
      )
      .option('--expires-in-days <n>', 'lifetime in days, 1..365 (default 90)', positiveInt()),
  )
    .addHelpText(
      'after',
      `
Example:
  export INKWELL_TOKEN=$(inkwell tokens create --name backup --scope read --json | jq -r .token)`,
    )
    .action(
      async (
        options: { name: string; scope: 'read' | 'write'; expiresInDays?: number; json?: boolean },
        command: Command,
      ) => {
        const ctx = await contextOf(cli, command)
        const created = await ctx.client().tokens.create.mutate({
          name: options.name,
          scope: options.scope,
          ...(options.expiresInDays !== undefined ? { expiresInDays: options.expiresInDays } : {}),
        })
        if (options.json) return printJson(cli.io, created)
        out(cli.io, created.token)
        say(
          cli.io,
          `Created ${created.apiToken.scope} token "${created.apiToken.name}" (${created.apiToken.id}), expires ${shortTime(created.apiToken.expiresAt)}. Copy it now: it is not shown again.`,
        )
      },
    )

  jsonOption(tokens.command('list').description('list your live API tokens')).action(
    async (options: { json?: boolean }, command: Command) => {
      const ctx = await contextOf(cli, command)
      const list = await ctx.client().tokens.list.query()
      if (options.json) return printJson(cli.io, list)
      if (list.length === 0) return say(cli.io, 'No API tokens.')
      for (const line of table(list, [
        { heading: 'ID', cell: (t) => t.id },
        { heading: 'NAME', cell: (t) => t.name, max: 32 },
        { heading: 'SCOPE', cell: (t) => t.scope },
        { heading: 'LAST USED', cell: (t) => shortTime(t.lastUsedAt) },
        { heading: 'EXPIRES', cell: (t) => shortTime(t.expiresAt) },
      ]))
        out(cli.io, line)
    },
  )

  tokens
    .command('revoke')
    .description('revoke an API token: it stops working at once')
    .argument('<id>', 'the token id (from `inkwell tokens list`)', uuidArgument)
    .action(async (id: string, _options, command: Command) => {
      const ctx = await contextOf(cli, command)
      await ctx.client().tokens.revoke.mutate({ id })
      say(cli.io, `Revoked ${id}.`)
    })
}

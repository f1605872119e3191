import { confirm, isCancel } from '@clack/prompts'
import type { InkwellClient, RouterInputs, RouterOutputs } from '@inkwell/client'
import type { Command } from 'commander'
import { type Cli, contextOf } from '../context'
import { CliError, ExitCode, usageError } from '../errors'
import { type Io, out, printJson, say } from '../io'
import { isUuid, jsonOption, pagingOptions, wanted } from '../options'
import { shortTime, table } from '../table'

type AdminUser = RouterOutputs['admin']['users']['get']
type UserChange = Omit<RouterInputs['admin']['users']['update'], 'id'>

/** `inkwell admin users …`: the admin console's account management (admins only). */
export function registerAdminCommands(program: Command, cli: Cli): void {
  const users = program
    .command('admin')
    .description('administration (admins only)')
    .command('users')
    .description('accounts: list, show, disable, enable, promote, demote, delete')
    .addHelpText('after', '\n<user> is an account id or its email address.')

  pagingOptions(
    jsonOption(
      users
        .command('list')
        .description('list accounts, newest first (deleted ones included)')
        .option('--search <text>', 'only accounts whose email or name contains this'),
    ),
  ).action(
    async (
      options: { search?: string; limit?: number; all?: boolean; json?: boolean },
      command: Command,
    ) => {
      const ctx = await contextOf(cli, command)
      const list = await listUsers(ctx.client(), options.search, wanted(options))
      if (options.json) return printJson(cli.io, list)
      if (list.length === 0) return say(cli.io, 'No accounts.')
      for (const line of table(list, [
        { heading: 'ID', cell: (u) => u.id },
        { heading: 'EMAIL', cell: (u) => u.email, max: 40 },
        { heading: 'NAME', cell: (u) => u.name, max: 24 },
        { heading: 'ROLE', cell: (u) => u.role },
        { heading: 'STATUS', cell: status },
        { heading: 'CREATED', cell: (u) => shortTime(u.createdAt) },
      ]))
        out(cli.io, line)
    },
  )

  jsonOption(users.command('show').description('show one account').argument('<user>')).action(
    async (user: string, options: { json?: boolean }, command: Command) => {
      const ctx = await contextOf(cli, command)
      const found = await findUser(ctx.client(), user)
      if (options.json) return printJson(cli.io, found)
      printUser(cli.io, found)
    },
  )

  const changes: [name: string, description: string, change: UserChange][] = [
    ['disable', 'disable an account: its sessions and API tokens end at once', { disabled: true }],
    ['enable', 'enable a disabled account again', { disabled: false }],
    ['promote', 'make an account an admin', { role: 'admin' }],
    ['demote', 'make an admin a plain user', { role: 'user' }],
  ]
  for (const [name, description, change] of changes) {
    jsonOption(users.command(name).description(description).argument('<user>')).action(
      async (user: string, options: { json?: boolean }, command: Command) => {
        const ctx = await contextOf(cli, command)
        const client = ctx.client()
        const { id } = await findUser(client, user)
        const updated = await client.admin.users.update.mutate({ id, ...change })
        if (options.json) return printJson(cli.io, updated)
        say(cli.io, `${updated.email}: ${updated.role}, ${status(updated)}.`)
      },
    )
  }

  users
    .command('delete')
    .description('delete an account (soft: its email stays taken); asks first unless --yes')
    .argument('<user>')
    .option('-y, --yes', 'do not ask')
    .action(async (user: string, options: { yes?: boolean }, command: Command) => {
      const ctx = await contextOf(cli, command)
      const client = ctx.client()
      const found = await findUser(client, user)
      if (!options.yes) await confirmDelete(cli.io, found.email)
      await client.admin.users.delete.mutate({ id: found.id })
      say(cli.io, `Deleted ${found.email}.`)
    })
}

async function listUsers(
  client: InkwellClient,
  search: string | undefined,
  max: number,
): Promise<AdminUser[]> {
  const users: AdminUser[] = []
  let cursor: string | undefined
  while (users.length < max) {
    const page = await client.admin.users.list.query({
      limit: Math.min(100, max - users.length),
      ...(search ? { search } : {}),
      ...(cursor ? { cursor } : {}),
    })
    users.push(...page.items)
    if (!page.nextCursor || page.items.length === 0) break
    cursor = page.nextCursor
  }
  return users
}

/** An account by id, or by exact email (found through the admin search). */
async function findUser(client: InkwellClient, user: string): Promise<AdminUser> {
  if (isUuid(user)) return client.admin.users.get.query({ id: user })
  if (!user.includes('@')) throw usageError(`Not an account id or email: ${user}`)
  const email = user.trim().toLowerCase()
  const page = await client.admin.users.list.query({ search: email, limit: 100 })
  const found = page.items.find((u) => u.email.toLowerCase() === email)
  if (!found)
    throw new CliError('USER_NOT_FOUND', `No account with the email ${email}`, ExitCode.notFound)
  return found
}

async function confirmDelete(io: Io, email: string): Promise<void> {
  if (!io.stdin.isTTY)
    throw usageError('Deleting an account needs --yes when there is no terminal to ask on')
  const answer = await confirm({
    message: `Delete ${email}? Its sessions end and the email stays taken.`,
    initialValue: false,
    input: io.stdin,
    output: io.stderr,
  })
  if (isCancel(answer) || !answer)
    throw new CliError('CANCELLED', 'Nothing deleted', ExitCode.error)
}

function status(user: AdminUser): string {
  return user.deletedAt ? 'deleted' : user.disabled ? 'disabled' : 'active'
}

function printUser(io: Io, user: AdminUser): void {
  for (const [label, value] of [
    ['id', user.id],
    ['email', user.email],
    ['name', user.name],
    ['role', user.role],
    ['status', status(user)],
    ['verified', user.emailVerified ? 'yes' : 'no'],
    ['created', user.createdAt],
    ...(user.deletedAt ? [['deleted', user.deletedAt]] : []),
  ] as const)
    out(io, `${`${label}:`.padEnd(10)}${value}`)
}

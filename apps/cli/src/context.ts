import type { InkwellClient } from '@inkwell/client'
import type { Command } from 'commander'
import type { Io } from './io'
import { authedClient, type GlobalOptions, resolveSettings, type Settings } from './settings'

/** What every command's action gets: the process's streams and the resolved settings. */
export interface CommandContext {
  readonly io: Io
  readonly settings: Settings
  /** A client with the resolved credential (exit 3 when there is none). */
  client(): InkwellClient
}

/** Shared by the program and its commands: the process, and the server a failure came from. */
export interface Cli {
  readonly io: Io
  /** The server of the command that ran last (named in "cannot reach" errors). */
  url: string | undefined
}

/** Resolves the global options of `command` into a context for its action. */
export async function contextOf(cli: Cli, command: Command): Promise<CommandContext> {
  const settings = await resolveSettings(cli.io, command.optsWithGlobals<GlobalOptions>())
  cli.url = settings.url
  let client: InkwellClient | undefined
  return {
    io: cli.io,
    settings,
    client: () => {
      client ??= authedClient(settings)
      return client
    },
  }
}

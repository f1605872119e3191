import { createClient, type InkwellClient } from '@inkwell/client'
import { configPath, readLogin, type StoredLogin } from './config-file'
import { CliError, ExitCode } from './errors'
import type { Io } from './io'

export const DEFAULT_URL = 'http://localhost:3000'

/** The global options every command accepts. */
export interface GlobalOptions {
  readonly url?: string
  readonly token?: string
}

/** Where to call and with what: resolved from options, environment and the config file. */
export interface Settings {
  readonly url: string
  /** The token to send, if any: an API token (`ink_…`) or a session token. */
  readonly token: string | undefined
  /** Where the token came from, for messages. */
  readonly tokenSource: 'option' | 'environment' | 'config' | 'none'
  readonly configPath: string
  /** The login stored in the config file, whatever the server. */
  readonly storedLogin: StoredLogin | null
}

/**
 * Resolves the server and the credential. The URL: `--url`, `INKWELL_URL`, the stored login's
 * server, `http://localhost:3000`. The token: `--token`, `INKWELL_TOKEN`, then the stored
 * login, but only when it belongs to that same server (a token is never sent elsewhere).
 */
export async function resolveSettings(io: Io, options: GlobalOptions): Promise<Settings> {
  const path = configPath(io.env)
  const storedLogin = await readLogin(path)
  const url = normalizeUrl(options.url ?? io.env.INKWELL_URL ?? storedLogin?.url ?? DEFAULT_URL)
  const fromConfig =
    storedLogin && normalizeUrl(storedLogin.url) === url ? storedLogin.token : undefined
  const [token, tokenSource] = options.token
    ? [options.token, 'option' as const]
    : io.env.INKWELL_TOKEN
      ? [io.env.INKWELL_TOKEN, 'environment' as const]
      : fromConfig
        ? [fromConfig, 'config' as const]
        : [undefined, 'none' as const]
  return { url, token, tokenSource, configPath: path, storedLogin }
}

function normalizeUrl(url: string): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new CliError('USAGE', `Not a URL: ${url}`, ExitCode.usage)
  }
  return parsed.toString().replace(/\/+$/, '')
}

/** A client without credentials (for `login`). */
export function anonymousClient(settings: Settings): InkwellClient {
  return createClient({ url: settings.url, headers: { 'user-agent': userAgent() } })
}

/** A client with the resolved token; exit 3 with a hint when there is none. */
export function authedClient(settings: Settings): InkwellClient {
  const { token } = settings
  if (!token) {
    throw new CliError(
      'NOT_LOGGED_IN',
      `No credential for ${settings.url}: run \`inkwell login --email <email>\`, or pass --token / INKWELL_TOKEN`,
      ExitCode.notAuthenticated,
    )
  }
  return createClient({ url: settings.url, token, headers: { 'user-agent': userAgent() } })
}

function userAgent(): string {
  return `inkwell-cli (node ${process.versions.node})`
}

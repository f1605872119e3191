import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'

/** What `inkwell login` keeps between runs. Never a password. */
export interface StoredLogin {
  /** The server this session belongs to: the token is only ever sent there. */
  readonly url: string
  /** The session token (a secret: the file is readable by its owner only). */
  readonly token: string
  readonly email: string
  readonly expiresAt: string
}

/** `$XDG_CONFIG_HOME/inkwell/config.json`, `~/.config/inkwell/config.json` by default. */
export function configPath(env: Readonly<Record<string, string | undefined>>): string {
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config')
  return join(base, 'inkwell', 'config.json')
}

/** The stored login, or null when there is none (or the file is not ours to read). */
export async function readLogin(path: string): Promise<StoredLogin | null> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  const value = JSON.parse(text) as Partial<StoredLogin>
  if (typeof value.url !== 'string' || typeof value.token !== 'string') return null
  return {
    url: value.url,
    token: value.token,
    email: value.email ?? '',
    expiresAt: value.expiresAt ?? '',
  }
}

/**
 * Saves the login with mode 0600 (directory 0700): written to a private temporary file and
 * renamed over the old one, so the token is never readable by others, even for a moment.
 */
export async function writeLogin(path: string, login: StoredLogin): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 })
  const partial = `${path}.${process.pid}.tmp`
  await writeFile(partial, `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600 })
  // The mode of writeFile is masked by the umask; say it again, exactly.
  await chmod(partial, 0o600)
  await rename(partial, path)
}

/** Forgets the stored login. */
export async function deleteLogin(path: string): Promise<void> {
  await rm(path, { force: true })
}

import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'

let list: Promise<ReadonlySet<string>> | undefined

function load(): Promise<ReadonlySet<string>> {
  // Resolved through the package, so the bundled server finds it as well as the sources do.
  const path = createRequire(import.meta.url).resolve('@inkwell/auth/data/common-passwords.txt')
  return readFile(path, 'utf8').then((text) => new Set(text.split('\n').filter(Boolean)))
}

/** True when `password` is among the 10,000 most common passwords (case-insensitive). */
export async function isCommonPassword(password: string): Promise<boolean> {
  list ??= load()
  return (await list).has(password.toLowerCase())
}

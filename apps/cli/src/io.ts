import type { Readable, Writable } from 'node:stream'

/**
 * Everything the CLI takes from its process, passed down instead of read from globals, so a
 * command can be run in a test or from another program.
 */
export interface Io {
  readonly stdin: Readable & { readonly isTTY?: boolean }
  readonly stdout: Writable & { readonly isTTY?: boolean }
  readonly stderr: Writable & { readonly isTTY?: boolean }
  /** The environment, read once at start. */
  readonly env: Readonly<Record<string, string | undefined>>
}

/** The real process's streams and environment. */
export function processIo(): Io {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env }
}

/** Writes a line to stdout. */
export function out(io: Io, line = ''): void {
  io.stdout.write(`${line}\n`)
}

/** Writes a line to stderr (messages for people, never data). */
export function say(io: Io, line = ''): void {
  io.stderr.write(`${line}\n`)
}

/** Prints `value` as JSON on stdout: the only thing a `--json` command writes there. */
export function printJson(io: Io, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}

/** All of stdin as UTF-8 text. */
export async function readStdin(io: Io): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of io.stdin) chunks.push(Buffer.from(chunk as Buffer | string))
  return Buffer.concat(chunks).toString('utf8')
}

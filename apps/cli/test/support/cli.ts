import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url))
/** The bin built by the global setup with the package's tsup config. */
export const BIN = fileURLToPath(new URL('../../test-output/bin/main.js', import.meta.url))
/** tsx's loader as a file URL, so the child resolves it whatever its working directory. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href

export interface CliResult {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

export interface CliOptions {
  /** Added to (or, as undefined, removed from) the child's base environment. */
  readonly env?: Record<string, string | undefined>
  /** Written to stdin, which is then closed (always closed, so nothing waits on it). */
  readonly input?: string
  readonly cwd?: string
  /** Run the TypeScript source through tsx instead of the built bin. */
  readonly fromSource?: boolean
}

/** A private home for one test's CLI runs: its own config directory, nothing inherited. */
export function tempHome(): string {
  return mkdtempSync(join(tmpdir(), 'inkwell-cli-test-'))
}

/**
 * The environment a child sees: only PATH and what the test gives. No INKWELL_* or XDG_*
 * leaks in from the machine running the tests.
 */
export function childEnv(home: string, env: CliOptions['env'] = {}): NodeJS.ProcessEnv {
  const base: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'config'),
    NO_COLOR: '1',
    ...env,
  }
  return Object.fromEntries(Object.entries(base).filter(([, v]) => v !== undefined))
}

/** Starts `inkwell …` as a child process: the built bin, or the source through tsx. */
export function spawnCli(
  args: readonly string[],
  home: string,
  options: CliOptions = {},
): ChildProcess {
  const entry = options.fromSource ? ['--import', TSX, MAIN] : [BIN]
  const child = spawn(process.execPath, [...entry, ...args], {
    cwd: options.cwd ?? home,
    env: childEnv(home, options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  child.stdin?.end(options.input ?? '')
  return child
}

/** Runs `inkwell …` to the end: its exit code, stdout and stderr. */
export function runCli(
  args: readonly string[],
  home: string,
  options: CliOptions = {},
): Promise<CliResult> {
  return collect(spawnCli(args, home, options))
}

/** Waits for a child to exit and gathers what it printed. */
export function collect(child: ChildProcess): Promise<CliResult> {
  let stdout = ''
  let stderr = ''
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
  })
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** A CLI bound to one server and one home: `cli(['notes', 'list'], { env: { INKWELL_TOKEN } })`. */
export function cliFor(url: string, home = tempHome()) {
  const run = (args: readonly string[], options: CliOptions = {}) =>
    runCli(args, home, { ...options, env: { INKWELL_URL: url, ...options.env } })
  return Object.assign(run, { home })
}

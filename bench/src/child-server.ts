import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'

/** CPU seconds, from /proc (NaN where there is none). */
export interface CpuTimes {
  readonly total: number
  /** The main thread (the event loop, JavaScript) in user space. */
  readonly mainUser: number
  /** The main thread in the kernel (socket reads and writes, mostly). */
  readonly mainSystem: number
  /** Every other thread: GC helpers, the compiler, libuv's pool. */
  readonly otherThreads: number
}

/** A server running as a child process: its own event loop, apart from the load generator. */
export interface ChildServer {
  readonly name: string
  readonly url: string
  readonly pid: number
  /** Resident set size in MiB, now. */
  rssMiB(): number
  /** CPU seconds the process has used so far: in all, and split by thread and mode. */
  cpuTimes(): CpuTimes
  /**
   * SIGTERM, then SIGKILL after `graceMs`. Resolves when the process has exited. Waits a
   * moment first: requests a load generator abandoned when it stopped may still be running.
   */
  stop(graceMs?: number): Promise<void>
}

export interface SpawnServerOptions {
  readonly name: string
  readonly args: readonly string[]
  readonly cwd: string
  readonly env: Record<string, string>
  readonly port: number
  /** Answers 200 once the server is ready. Default `/healthz`. */
  readonly readyPath?: string
  readonly startTimeoutMs?: number
}

/** A TCP port that was free a moment ago, for a child server to listen on. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

/**
 * Starts `node <args>` and waits until it answers on `readyPath`. Its output goes to ours,
 * prefixed, so a start-up failure is visible.
 *
 * @example
 * const server = await spawnServer({ name: 'baseline', args: ['--import', 'tsx', 'src/baseline-server.ts'], cwd, env, port })
 */
export async function spawnServer(options: SpawnServerOptions): Promise<ChildServer> {
  const child = spawn(process.execPath, options.args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter(Boolean)
      .map((line) => `  [${options.name}] ${line}\n`)
      .join('')
  child.stdout?.on('data', (chunk: Buffer) => process.stdout.write(prefix(chunk)))
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(prefix(chunk)))
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  )
  if (child.pid === undefined) throw new Error(`${options.name}: could not start`)

  const url = `http://127.0.0.1:${options.port}`
  await waitUntilReady(
    child,
    `${url}${options.readyPath ?? '/healthz'}`,
    options.startTimeoutMs ?? 30_000,
    options.name,
  )

  const pid = child.pid
  return {
    name: options.name,
    url,
    pid,
    rssMiB: () => readRssMiB(pid),
    cpuTimes: () => readCpuTimes(pid),
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return
      await new Promise((resolve) => setTimeout(resolve, 500))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
      await exited
      clearTimeout(timer)
    },
  }
}

async function waitUntilReady(child: ChildProcess, url: string, timeoutMs: number, name: string) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with code ${child.exitCode} during start-up`)
    try {
      const response = await fetch(url)
      if (response.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  child.kill('SIGKILL')
  throw new Error(`${name} did not answer ${url} within ${timeoutMs} ms`)
}

/** VmRSS from /proc (Linux); elsewhere `ps`. */
function readRssMiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kib = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1])
    if (Number.isFinite(kib)) return kib / 1024
  } catch {
    // not Linux, or the process is gone
  }
  try {
    return (
      Number(
        execFileSync('ps', ['-o', 'rss=', '-p', String(pid)])
          .toString()
          .trim(),
      ) / 1024
    )
  } catch {
    return Number.NaN
  }
}

const CLOCK_TICKS_PER_SECOND = 100

/** utime and stime of a process or thread from its `stat` file, in seconds. */
function readStat(path: string): { user: number; system: number } {
  const stat = readFileSync(path, 'utf8')
  // Fields after the command name (which may hold spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return {
    user: Number(fields[11]) / CLOCK_TICKS_PER_SECOND,
    system: Number(fields[12]) / CLOCK_TICKS_PER_SECOND,
  }
}

function readCpuTimes(pid: number): CpuTimes {
  try {
    const all = readStat(`/proc/${pid}/stat`)
    const main = readStat(`/proc/${pid}/task/${pid}/stat`)
    const total = all.user + all.system
    return {
      total,
      mainUser: main.user,
      mainSystem: main.system,
      otherThreads: total - main.user - main.system,
    }
  } catch {
    return {
      total: Number.NaN,
      mainUser: Number.NaN,
      mainSystem: Number.NaN,
      otherThreads: Number.NaN,
    }
  }
}

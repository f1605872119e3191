import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { connect } from 'node:net'
import { availableParallelism, cpus, release, totalmem, type } from 'node:os'

export interface Machine {
  readonly cpu: string
  readonly cores: number
  readonly memoryGiB: number
  readonly os: string
  readonly node: string
}

export function describeMachine(): Machine {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: totalmem() / 1024 ** 3,
    os: `${type()} ${release()}`,
    node: process.version,
  }
}

/**
 * Starts measuring the whole machine's CPU use (from /proc/stat); the function returned gives
 * the busy cores on average since the call (NaN where there is no /proc).
 */
export function machineBusyCores(): () => number {
  const read = () => {
    try {
      const fields = readFileSync('/proc/stat', 'utf8')
        .split('\n')[0]!
        .trim()
        .split(/\s+/)
        .slice(1)
        .map(Number)
      const idle = (fields[3] ?? 0) + (fields[4] ?? 0)
      const all = fields.reduce((sum, value) => sum + value, 0)
      return { busy: all - idle, all }
    } catch {
      return { busy: Number.NaN, all: Number.NaN }
    }
  }
  const before = read()
  return () => {
    const after = read()
    return ((after.busy - before.busy) / (after.all - before.all)) * availableParallelism()
  }
}

/**
 * Redis's version, asked over a bare connection (`INFO server`); throws when Redis does not
 * answer, so a run fails before it starts rather than measuring a server that cannot reach it.
 */
export function redisVersion(redisUrl: string, timeoutMs = 3000): Promise<string> {
  const url = new URL(redisUrl)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port || 6379), url.hostname)
    let reply = ''
    const fail = (error: Error) => {
      socket.destroy()
      reject(new Error(`Redis at ${url.host} did not answer: ${error.message}`))
    }
    socket.setTimeout(timeoutMs, () => fail(new Error('timeout')))
    socket.on('error', fail)
    socket.on('connect', () => {
      const auth = url.password
        ? `AUTH ${decodeURIComponent(url.username) || 'default'} ${decodeURIComponent(url.password)}\r\n`
        : ''
      socket.write(`${auth}INFO server\r\n`)
    })
    socket.on('data', (chunk) => {
      reply += chunk.toString()
      if (reply.startsWith('-')) return fail(new Error(reply.split('\r\n')[0] ?? reply))
      const version = /redis_version:([^\r\n]+)/.exec(reply)?.[1]
      if (version) {
        socket.end()
        resolve(version)
      }
    })
  })
}

/**
 * The commit checked out in `dir`, with a note when the working tree has changes on top of it
 * outside `bench/` (the code measured, not the bench itself).
 */
export function gitRevision(dir: string): string {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim()
    const commit = git('rev-parse', '--short', 'HEAD')
    return git('status', '--porcelain', '--untracked-files=no', '--', '.', ':!bench')
      ? `${commit} plus uncommitted changes`
      : commit
  } catch {
    return 'unknown (not a git checkout)'
  }
}

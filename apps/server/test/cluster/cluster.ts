import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'

const serverDir = fileURLToPath(new URL('../..', import.meta.url))

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as { port: number }
  await new Promise((resolve) => probe.close(resolve))
  return port
}

async function adminQuery(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}

export interface Instance {
  readonly name: string
  readonly port: number
  readonly process: ChildProcess
  /** Everything the process wrote, for a failing test's message. */
  readonly output: () => string
}

export interface Cluster {
  /** The load balancer's address: every request of a test goes through it. */
  readonly url: string
  /** The fresh database every instance shares. */
  readonly databaseUrl: string
  readonly instances: readonly Instance[]
  /** Kills one instance at once (SIGKILL: no graceful stop). */
  kill(name: string): void
  stop(): Promise<void>
}

export interface ClusterOptions {
  readonly serverDatabaseUrl: string
  readonly redisUrl: string
  readonly env?: Record<string, string>
  readonly size?: number
}

async function waitForHealth(url: string, output: () => string): Promise<void> {
  const deadline = Date.now() + 90_000
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/readyz`)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`${url} never became ready:\n${output()}`)
}

function startInstance(name: string, port: number, env: Record<string, string>): Instance {
  let output = ''
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: serverDir,
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  return { name, port, process: child, output: () => output }
}

function haproxyConfig(listen: number, instances: readonly Instance[]): string {
  return `global
  maxconn 2000

defaults
  mode http
  timeout connect 2s
  timeout client 30s
  timeout server 30s
  retries 2
  option redispatch
  option forwardfor
  option http-server-close

frontend inkwell
  bind 127.0.0.1:${listen}
  default_backend servers

backend servers
  balance roundrobin
  option httpchk GET /readyz
  default-server inter 500ms fall 2 rise 2
${instances.map((i) => `  server ${i.name} 127.0.0.1:${i.port} check`).join('\n')}
`
}

/**
 * Built server processes (`dist/main.js`) on one fresh PostgreSQL database and one Redis,
 * behind HAProxy: what an operator runs, on this machine's loopback.
 */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const name = `inkwell_cluster_${randomBytes(6).toString('hex')}`
  await adminQuery(options.serverDatabaseUrl, `create database ${name}`)
  const url = new URL(options.serverDatabaseUrl)
  url.pathname = `/${name}`
  const databaseUrl = url.toString()
  const listen = await freePort()
  const publicUrl = `http://127.0.0.1:${listen}`
  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: options.redisUrl,
    PUBLIC_URL: publicUrl,
    TRUST_PROXY: '1',
    LOG_LEVEL: 'warn',
    ...options.env,
  }
  const instances: Instance[] = []
  for (let i = 1; i <= (options.size ?? 3); i++) {
    instances.push(startInstance(`inkwell${i}`, await freePort(), env))
  }
  const dir = mkdtempSync(join(tmpdir(), 'inkwell-cluster-'))
  let haproxy: ChildProcess | undefined
  const stop = async () => {
    haproxy?.kill('SIGTERM')
    for (const instance of instances) {
      if (instance.process.exitCode === null && instance.process.signalCode === null)
        instance.process.kill('SIGTERM')
    }
    await Promise.all(
      instances.map(
        (i) =>
          new Promise((resolve) => {
            if (i.process.exitCode !== null || i.process.signalCode !== null) resolve(undefined)
            else i.process.once('exit', resolve)
          }),
      ),
    )
    rmSync(dir, { recursive: true, force: true })
    await adminQuery(options.serverDatabaseUrl, `drop database if exists ${name} with (force)`)
  }
  try {
    // The first migrates; the others wait on the migration lock.
    await Promise.all(instances.map((i) => waitForHealth(`http://127.0.0.1:${i.port}`, i.output)))
    const configFile = join(dir, 'haproxy.cfg')
    writeFileSync(configFile, haproxyConfig(listen, instances))
    haproxy = spawn('haproxy', ['-f', configFile, '-db'], { stdio: 'ignore' })
    await waitForHealth(publicUrl, () => 'haproxy')
  } catch (error) {
    await stop()
    throw error
  }
  return {
    url: publicUrl,
    databaseUrl,
    instances,
    kill(instanceName) {
      instances.find((i) => i.name === instanceName)?.process.kill('SIGKILL')
    },
    stop,
  }
}

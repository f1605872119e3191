import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type ChildServer, freePort, spawnServer } from './child-server'

const benchDir = fileURLToPath(new URL('..', import.meta.url))
const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
const serverDir = join(repoRoot, 'apps', 'server')
const serverEntry = join(serverDir, 'dist', 'main.js')

/** Builds apps/server (tsup) into dist/main.js, the file `pnpm start` runs. */
export function buildInkwell(): void {
  const result = spawnSync('pnpm', ['--filter', '@inkwell/server', 'build'], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  if (result.status !== 0) throw new Error('pnpm --filter @inkwell/server build failed')
  if (!existsSync(serverEntry))
    throw new Error('the build did not produce apps/server/dist/main.js')
}

/** The server's METRICS_TOKEN during a run. */
export const BENCH_METRICS_TOKEN = 'bench-metrics-token'

export interface InkwellServerOptions {
  readonly databaseUrl: string
  readonly redisUrl: string
  readonly poolSize: number
  /** Extra node flags, e.g. `--cpu-prof`. */
  readonly nodeFlags?: readonly string[]
}

/**
 * The built server, as `pnpm start` runs it, configured for load: rate limits off, warnings
 * only in the log, mail and embedded data in a throw-away folder.
 */
export async function startInkwell(options: InkwellServerOptions): Promise<ChildServer> {
  if (!existsSync(serverEntry))
    throw new Error('apps/server/dist/main.js is missing: run without --skip-build')
  const port = await freePort()
  const dataDir = mkdtempSync(join(tmpdir(), 'inkwell-bench-'))
  const server = await spawnServer({
    name: 'inkwell',
    args: [...(options.nodeFlags ?? []), serverEntry],
    cwd: serverDir,
    port,
    readyPath: '/readyz',
    env: {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: options.databaseUrl,
      REDIS_URL: options.redisUrl,
      DB_POOL_SIZE: String(options.poolSize),
      RATE_LIMITS: 'off',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      // Metrics on, as in production: their cost is part of every figure.
      METRICS_TOKEN: BENCH_METRICS_TOKEN,
    },
  })
  return {
    ...server,
    async stop(graceMs) {
      await server.stop(graceMs)
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** The bare Hono + pg server of `baseline-server.ts`, in its own process. */
export async function startBaseline(options: {
  readonly databaseUrl: string
  readonly poolSize: number
  /** Extra node flags, e.g. `--cpu-prof`. */
  readonly nodeFlags?: readonly string[]
}): Promise<ChildServer> {
  const port = await freePort()
  return spawnServer({
    name: 'baseline',
    args: [
      ...(options.nodeFlags ?? []),
      '--import',
      'tsx',
      join(benchDir, 'src', 'baseline-server.ts'),
    ],
    cwd: benchDir,
    port,
    env: {
      NODE_ENV: 'production',
      PORT: String(port),
      DATABASE_URL: options.databaseUrl,
      DB_POOL_SIZE: String(options.poolSize),
    },
  })
}

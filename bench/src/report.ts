import type { FanoutResult } from './fanout'
import type { HashBound } from './hash-bound'
import type { LoadResult } from './load'
import type { Machine } from './machine'
import { num, ratio, table } from './markdown'
import type { BenchOptions } from './options'
import type { ProbeResult } from './probe'

/** Where and how a run happened: the header of every section. */
export interface RunContext {
  readonly date: string
  readonly command: string
  readonly machine: Machine
  /** The code measured: the commit, and whether the working tree had changes on top of it. */
  readonly revision: string
  readonly postgres: string
  readonly redis: string
  readonly options: BenchOptions
  /** Cores busy with other work (not the bench's) just before and just after the run. */
  readonly otherBefore: number
  readonly otherAfter: number
  readonly seconds: number
}

export interface BenchRun {
  readonly results: readonly LoadResult[]
  /** notes.onChange across two instances (absent in runs saved before it existed). */
  readonly fanout?: FanoutResult
  readonly hash: HashBound
  readonly login: LoadResult
  readonly probeIdle: ProbeResult
  readonly probeDuringLogin: ProbeResult
  /** Login throughput while the probe ran beside it. */
  readonly loginDuringProbe: LoadResult
}

export const READ_SCENARIOS = [
  'users.me',
  'notes.list',
  'GET /api/v1/notes',
  'notes.get',
  'notes.changes',
  'batch (me + list + tags)',
]
export const P99_TARGET_MS = 25
/** auth.login's share of the argon2id bound that counts as reaching it. */
export const LOGIN_SHARE_TARGET = 0.9

/** Above this many cores busy with other work, a report warns that its figures are skewed. */
export const CONTENTION_CORES = 0.2

export function describeContext(context: RunContext, withBaseline = true): string {
  const { machine, options } = context
  const other = Math.max(context.otherBefore, context.otherAfter)
  return [
    `${context.date}, \`${context.command}\`, ${num(context.seconds)} s in all; code: ${context.revision}.`,
    '',
    `- Machine: ${machine.cpu}, ${machine.cores} cores, ${num(machine.memoryGiB, 1)} GiB RAM, ${machine.os}; Node ${machine.node}; ${context.postgres}; Redis ${context.redis}.`,
    `- Data: a fresh database, ${num(options.users)} users x ${options.notesPerUser} notes (~400 characters, 1-2 tags), one session per user; requests rotate over all users.`,
    `- Server: \`node apps/server/dist/main.js\` (the \`pnpm start\` build), \`RATE_LIMITS=off\`, \`LOG_LEVEL=warn\`, \`DB_POOL_SIZE=${options.poolSize}\`, Redis connected.${withBaseline ? ' Baseline: bench/src/baseline-server.ts, same pool size.' : ''} Each server is its own process; autocannon runs in the bench process, on the same machine.`,
    `- Other work on the machine (cores busy over 2 s while the bench was idle): ${num(context.otherBefore, 2)} before the run, ${num(context.otherAfter, 2)} after.${other > CONTENTION_CORES ? ` **Other work (test suites) competed for the ${machine.cores} cores during this run: absolute figures are low and noisy; ratios of runs taken side by side are less affected.**` : ''}`,
  ].join('\n')
}

function resultRow(r: LoadResult): string[] {
  return [
    r.scenario,
    r.server,
    String(r.connections),
    num(r.rps),
    num(r.p50, 1),
    num(r.p99, 1),
    r.errors === 0 ? '0' : `**${r.errors}** (${r.errorDetail})`,
    `${num(r.rssBeforeMiB)} → ${num(r.rssAfterMiB)}`,
    num(r.cpuMsPerRequest * 1000),
    `${num(r.serverCores, 2)} / ${num(r.generatorCores, 2)} / ${num(r.machineCores, 2)}`,
  ]
}

export function resultsTable(results: readonly LoadResult[]): string {
  return table(
    [
      'scenario',
      'server',
      'conns',
      'req/s',
      'p50 ms',
      'p99 ms',
      'errors',
      'RSS MiB before → after',
      'server CPU µs / req',
      'CPU cores: server / load gen / machine',
    ],
    results.map(resultRow),
    ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  )
}

export interface Ratio {
  readonly endpoint: string
  readonly inkwell: LoadResult
  readonly baseline: LoadResult
  readonly ratio: number
  readonly target: number
}

export function ratios(results: readonly LoadResult[]): Ratio[] {
  const targets: Record<string, number> = { 'users.me': 1.0, 'notes.list': 0.9 }
  return Object.entries(targets).flatMap(([endpoint, target]) => {
    const inkwell = results.find((r) => r.server === 'inkwell' && r.scenario === endpoint)
    const baseline = results.find((r) => r.server === 'baseline' && r.scenario === endpoint)
    return inkwell && baseline
      ? [{ endpoint, inkwell, baseline, ratio: inkwell.rps / baseline.rps, target }]
      : []
  })
}

const mark = (met: boolean) => (met ? 'met' : '**not met**')

/** The run section of RESULTS.md. */
export function renderRun(context: RunContext, run: BenchRun): string {
  const inkwell = run.results.filter((r) => r.server === 'inkwell')
  const reads = inkwell.filter((r) => READ_SCENARIOS.includes(r.scenario))
  const worstRead = reads.reduce((worst, r) => (r.p99 > worst.p99 ? r : worst), reads[0]!)
  const allErrors =
    [...run.results, run.login, run.loginDuringProbe].reduce((sum, r) => sum + r.errors, 0) +
    run.probeIdle.errors +
    run.probeDuringLogin.errors
  const loginShare = run.login.rps / run.hash.loginsPerSecond
  const probeFactor = run.probeDuringLogin.p99 / run.probeIdle.p99
  const rows = ratios(run.results)
  const { options } = context

  return [
    `## Latest run on Node ${context.machine.node.split('.')[0]!.replace('v', '')}`,
    '',
    describeContext(context),
    `- Load: ${options.durationS} s measured per scenario after a ${options.warmupS} s warm-up at the same load (discarded); ${options.connections} connections (auth.login: ${options.loginConnections}); latencies are of 2xx answers, per request, in ms.`,
    '',
    '### Scenarios',
    '',
    resultsTable([...run.results, run.login]),
    '',
    'CPU is in cores busy on average over the measured seconds (1.00 = one core): the server process, the load generator (the bench process) and the whole machine (PostgreSQL and anything else running included). ' +
      "`notes.update` sends each connection's edits with the version from its previous answer, so 409s would be a server fault; none are expected (any would be listed under errors, apart).",
    '',
    '### Inkwell / baseline',
    '',
    table(
      [
        'endpoint',
        'Inkwell req/s',
        'baseline req/s',
        'ratio',
        'target',
        'Inkwell p99 ms',
        'baseline p99 ms',
        'server CPU µs / req: Inkwell / baseline',
      ],
      rows.map((r) => [
        r.endpoint,
        num(r.inkwell.rps),
        num(r.baseline.rps),
        ratio(r.ratio),
        `>= ${r.target.toFixed(1)}x ${mark(r.ratio >= r.target)}`,
        num(r.inkwell.p99, 1),
        num(r.baseline.p99, 1),
        `${num(r.inkwell.cpuMsPerRequest * 1000)} / ${num(r.baseline.cpuMsPerRequest * 1000)} (${ratio(r.inkwell.cpuMsPerRequest / r.baseline.cpuMsPerRequest)})`,
      ]),
      ['l', 'r', 'r', 'r', 'l', 'r', 'r', 'r'],
    ),
    '',
    ...(run.fanout ? [fanoutSection(run.fanout), ''] : []),
    '### Login and argon2id',
    '',
    table(
      ['figure', 'value'],
      [
        [
          'argon2id verify (m=19456, t=2, p=1): the hash alone, on one thread',
          `${num(run.hash.verifyMs, 1)} ms (through libuv's pool, one at a time: ${num(run.hash.pooledVerifyMs, 1)} ms)`,
        ],
        [
          'hash bound: min(cores, libuv threads) / verify time',
          `min(${run.hash.cores}, ${run.hash.threads}) / ${num(run.hash.verifyMs, 1)} ms = **${num(run.hash.loginsPerSecond, 1)} logins/s**`,
        ],
        [
          `argon2id verifications, ${Math.min(run.hash.cores, run.hash.threads)} at once, in the bench process`,
          `${num(run.hash.parallelPerSecond, 1)} per second (${num((run.hash.parallelPerSecond / run.hash.loginsPerSecond) * 100)}% of the bound)`,
        ],
        ...(run.hash.poolPerSecond === undefined
          ? []
          : [
              [
                `argon2id verifications, ${run.hash.threads} at once (libuv's whole pool)`,
                `${num(run.hash.poolPerSecond, 1)} per second`,
              ],
            ]),
        [
          `auth.login, ${run.login.connections} connections flat out`,
          `${num(run.login.rps, 1)} req/s = **${num(loginShare * 100)}%** of the bound (p50 ${num(run.login.p50)} ms, p99 ${num(run.login.p99)} ms)`,
        ],
        [
          `users.me probe, ${run.probeIdle.rate} req/s paced, server otherwise idle`,
          `p50 ${num(run.probeIdle.p50, 1)} ms, p99 **${num(run.probeIdle.p99, 1)} ms**`,
        ],
        [
          `the same probe while auth.login runs flat out`,
          `p50 ${num(run.probeDuringLogin.p50, 1)} ms, p99 **${num(run.probeDuringLogin.p99, 1)} ms** = ${ratio(probeFactor)} idle (logins meanwhile: ${num(run.loginDuringProbe.rps, 1)} req/s)`,
        ],
      ],
    ),
    '',
    '### Targets',
    '',
    table(
      ['target', 'measured', ''],
      rows
        .map((r) => [
          `${r.endpoint} >= ${r.target.toFixed(1)}x baseline req/s`,
          ratio(r.ratio),
          mark(r.ratio >= r.target),
        ])
        .concat([
          [
            `p99 <= ${P99_TARGET_MS} ms for reads at ${options.connections} connections`,
            `worst: ${worstRead.scenario} ${num(worstRead.p99, 1)} ms`,
            mark(worstRead.p99 <= P99_TARGET_MS),
          ],
          ['zero errors', String(allErrors), mark(allErrors === 0)],
          [
            `auth.login >= ${LOGIN_SHARE_TARGET * 100}% of the hash bound`,
            `${num(loginShare * 100)}%`,
            mark(loginShare >= LOGIN_SHARE_TARGET),
          ],
          ['users.me p99 during logins <= 2x idle', ratio(probeFactor), mark(probeFactor <= 2)],
        ]),
    ),
  ].join('\n')
}

function fanoutSection(f: FanoutResult): string {
  return [
    '### notes.onChange fan-out across instances',
    '',
    `${num(f.opened)} of ${num(f.streams)} streams open on a second Inkwell instance (one per user, bearer tokens, plain \`fetch\` reading the events); ${num(f.writes)} \`notes.create\` calls at a steady pace on the first, each for a user with an open stream. Latency: from sending the write to its event on the other instance (over Redis pub/sub), so it includes the write itself.`,
    '',
    table(
      [
        'streams open',
        'events / writes',
        'p50 ms',
        'p99 ms',
        'max ms',
        'listener RSS MiB: idle → streams open',
      ],
      [
        [
          num(f.opened),
          `${num(f.received)} / ${num(f.writes)}`,
          num(f.p50, 1),
          num(f.p99, 1),
          num(f.max, 1),
          `${num(f.rssBeforeMiB)} → ${num(f.rssOpenMiB)}`,
        ],
      ],
      ['r', 'r', 'r', 'r', 'r', 'r'],
    ),
  ].join('\n')
}

import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { nodeBinary } from '@inkwell/node-runtime'
import { num, ratio, table } from './markdown'
import type { BenchOptions } from './options'
import { log } from './progress'
import {
  type BenchRun,
  LOGIN_SHARE_TARGET,
  P99_TARGET_MS,
  READ_SCENARIOS,
  type RunContext,
  ratios,
} from './report'

const benchDir = fileURLToPath(new URL('..', import.meta.url))
const mainFile = join(benchDir, 'src', 'main.ts')
const resultsDir = join(benchDir, 'results')

/** The running Node.js's major version. */
export const currentNode = Number(process.versions.node.split('.')[0])

/** A run's figures, kept as JSON beside RESULTS.md so runs on other runtimes can be compared. */
export interface SavedRun {
  readonly context: RunContext
  readonly run: BenchRun
}

const savedRunFile = (major: number) => join(resultsDir, `bench-node${major}.json`)

export function saveRun(major: number, saved: SavedRun): void {
  mkdirSync(resultsDir, { recursive: true })
  writeFileSync(savedRunFile(major), `${JSON.stringify(saved, null, 1)}\n`)
}

/** The Node.js majors that have a saved run, in order. */
export function savedRuntimes(): number[] {
  if (!existsSync(resultsDir)) return []
  return readdirSync(resultsDir)
    .map((file) => /^bench-node(\d+)\.json$/.exec(file)?.[1])
    .filter((major): major is string => major !== undefined)
    .map(Number)
    .sort((a, b) => a - b)
}

function loadRun(major: number): SavedRun | undefined {
  const file = savedRunFile(major)
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SavedRun) : undefined
}

/**
 * Runs the whole bench once per runtime of `--node`, each in its own process started with
 * that runtime's `node` (fetched on first use), so the load generator and both servers run on
 * it. The build is made once, by the first. Returns the majors whose run succeeded.
 */
export function runOnEachNode(options: BenchOptions, argv: readonly string[]): number[] {
  const forwarded: string[] = []
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--node') i++
    else if (!argv[i]!.startsWith('--node=')) forwarded.push(argv[i]!)
  }
  const succeeded: number[] = []
  options.nodes.forEach((major, index) => {
    const node = nodeBinary(major)
    log(`== Node ${major}: ${node === process.execPath ? 'this process’s node' : node}`)
    const skipBuild = index > 0 && succeeded.length > 0 && !forwarded.includes('--skip-build')
    const result = spawnSync(
      node,
      ['--import', 'tsx', mainFile, ...forwarded, '--node', String(major)].concat(
        skipBuild ? ['--skip-build'] : [],
      ),
      { cwd: benchDir, stdio: 'inherit', env: { ...process.env, BENCH_NODE: String(major) } },
    )
    if (result.status === 0) succeeded.push(major)
    else log(`the run on Node ${major} failed (exit ${result.status ?? result.signal})`)
  })
  return succeeded
}

/** The runtimes section of RESULTS.md: the latest run of each runtime, side by side. */
export function renderRuntimes(majors: readonly number[]): string | undefined {
  const runs = majors.flatMap((major) => {
    const saved = loadRun(major)
    return saved ? [{ major, ...saved }] : []
  })
  if (runs.length === 0) return undefined
  const scenarios = [
    ...new Set(runs.flatMap(({ run }) => [...run.results, run.login].map((r) => r.scenario))),
  ]
  const find = (run: BenchRun, scenario: string, server: string) =>
    [...run.results, run.login].find((r) => r.scenario === scenario && r.server === server)
  const cell = (run: BenchRun, scenario: string, server: string) => {
    const r = find(run, scenario, server)
    return r ? `${num(r.rps)} / ${num(r.p99, 1)}` : '–'
  }
  const targets = (run: BenchRun) => {
    const rows = ratios(run.results)
    const reads = run.results.filter(
      (r) => r.server === 'inkwell' && READ_SCENARIOS.includes(r.scenario),
    )
    // A read that answered nothing has no p99 to meet the target with.
    const worst = reads.some((r) => !(r.rps > 0))
      ? Number.POSITIVE_INFINITY
      : Math.max(...reads.map((r) => r.p99))
    return {
      me: rows.find((r) => r.endpoint === 'users.me')?.ratio ?? Number.NaN,
      list: rows.find((r) => r.endpoint === 'notes.list')?.ratio ?? Number.NaN,
      worst,
      login: run.login.rps / run.hash.loginsPerSecond,
      probe: run.probeDuringLogin.p99 / run.probeIdle.p99,
    }
  }
  const mark = (met: boolean) => (met ? 'met' : '**not met**')
  const t = runs.map(({ run }) => targets(run))
  return [
    '## Node.js runtimes side by side',
    '',
    `The latest \`pnpm bench\` run on each runtime (${runs.map(({ major, context }) => `Node ${major}: ${context.date}, code ${context.revision}`).join('; ')}). Each cell: req/s / p99 ms. Details in each runtime's section below.`,
    '',
    table(
      [
        'scenario',
        ...runs.flatMap(({ major }) => [`Node ${major} Inkwell`, `Node ${major} baseline`]),
      ],
      scenarios.map((scenario) => [
        scenario,
        ...runs.flatMap(({ run }) => [
          cell(run, scenario, 'inkwell'),
          cell(run, scenario, 'baseline'),
        ]),
      ]),
      ['l', ...runs.flatMap(() => ['r', 'r'] as const)],
    ),
    '',
    table(
      ['target', ...runs.map(({ major }) => `Node ${major}`)],
      [
        ['users.me >= 1.0x baseline', ...t.map((x) => `${ratio(x.me)} ${mark(x.me >= 1)}`)],
        ['notes.list >= 0.9x baseline', ...t.map((x) => `${ratio(x.list)} ${mark(x.list >= 0.9)}`)],
        [
          `read p99 <= ${P99_TARGET_MS} ms`,
          ...t.map((x) => `${num(x.worst, 1)} ms ${mark(x.worst <= P99_TARGET_MS)}`),
        ],
        [
          `login >= ${LOGIN_SHARE_TARGET * 100}% of the argon2 bound`,
          ...t.map((x) => `${num(x.login * 100)}% ${mark(x.login >= LOGIN_SHARE_TARGET)}`),
        ],
        [
          'notes.onChange fan-out, write to event on another instance: p50 / p99',
          ...runs.map(({ run }) =>
            run.fanout
              ? `${num(run.fanout.p50, 1)} / ${num(run.fanout.p99, 1)} ms (${num(run.fanout.received)}/${num(run.fanout.writes)} events, ${num(run.fanout.opened)} streams)`
              : '–',
          ),
        ],
        [
          'users.me p99 during logins <= 2x idle',
          ...t.map((x) => `${ratio(x.probe)} ${mark(x.probe <= 2)}`),
        ],
      ],
    ),
  ].join('\n')
}

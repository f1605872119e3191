import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ChildServer } from './child-server'
import { type ProfileSummary, type Share, summariseProfile } from './cpu-profile'
import { type LoadResult, runScenario } from './load'
import { num, table } from './markdown'
import type { BenchOptions } from './options'
import { log } from './progress'
import { describeContext, type RunContext } from './report'
import { createScenarios } from './scenarios'
import { startBaseline, startInkwell } from './servers'
import type { BenchSession } from './session'
import { REQUEST_STAGES } from './stages'

export interface ProfiledScenario {
  readonly load: LoadResult
  readonly summary: ProfileSummary
  /** The server's CPU (all threads, from /proc) per answered request while measured, µs. */
  readonly usPerRequest: number
  readonly file: string
}

export interface ProfileRun {
  readonly profiles: readonly ProfiledScenario[]
}

/**
 * CPU profiles (`node --cpu-prof`) of Inkwell and of the baseline under `users.me` and under
 * `notes.list` load: one server process per profile, summarised over the measured seconds only
 * (start-up and warm-up left out), by stage, package and function.
 */
export async function runProfile(
  session: BenchSession,
  options: BenchOptions,
): Promise<ProfileRun> {
  const scenarios = createScenarios(session.fixture, options.loginConnections)
  const profiles: ProfiledScenario[] = []
  const start = {
    inkwell: (nodeFlags: string[]) =>
      startInkwell({
        databaseUrl: session.database.url,
        redisUrl: options.redisUrl,
        poolSize: options.poolSize,
        nodeFlags,
      }),
    baseline: (nodeFlags: string[]) =>
      startBaseline({ databaseUrl: session.database.url, poolSize: options.poolSize, nodeFlags }),
  }
  for (const scenario of [scenarios.me, scenarios.list]) {
    for (const kind of ['inkwell', 'baseline'] as const) {
      const dir = mkdtempSync(join(tmpdir(), 'inkwell-cpu-prof-'))
      const server: ChildServer = session.track(
        await start[kind](['--cpu-prof', `--cpu-prof-dir=${dir}`]),
      )
      const load = await runScenario(server, scenario, options)
      await server.stop()
      // CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile: thread 0 is the main thread (tsx adds a loader thread).
      const name = readdirSync(dir).find((file) => /\.\d+\.0\.\d+\.cpuprofile$/.test(file))
      if (!name) throw new Error(`no .cpuprofile in ${dir}: did the ${kind} server exit cleanly?`)
      const file = join(dir, name)
      const summary = summariseProfile(file, REQUEST_STAGES, load.window)
      const usPerRequest = load.cpuMsPerRequest * 1000
      log(
        `${kind} ${scenario.name}: ${load.rps.toFixed(0)} req/s, ${usPerRequest.toFixed(0)} µs server CPU per request; ${file}`,
      )
      for (const c of summary.categories.slice(0, 6))
        log(`  ${(c.share * 100).toFixed(1).padStart(5)}%  ${c.name}`)
      profiles.push({ load, summary, usPerRequest, file })
    }
  }
  return { profiles }
}

const pct = (share: number) => `${num(share * 100, 1)}%`

/** The generated part of the profile section of RESULTS.md. */
export function renderProfile(context: RunContext, run: ProfileRun): string {
  const { options } = context
  const perRequest = (p: ProfiledScenario, s: Share) => num(s.share * p.usPerRequest)
  const endpoints = [...new Set(run.profiles.map((p) => p.load.scenario))]
  return [
    '### Profile data',
    '',
    describeContext(context),
    `- Each server and endpoint in its own process under \`node --cpu-prof\` (1 ms sampling): ${options.warmupS} s warm-up, then ${options.durationS} s at ${options.connections} connections; only the samples of those measured seconds are summarised. Shares are of the samples that found the main thread busy (counted, not weighted by time, so that waiting for a CPU on a busy machine is not charged to the function that ran last). "CPU µs / request" is the server process's CPU time (all threads, from /proc) over the measured seconds divided by the requests answered; a row's µs/request is its share of that. "Package" charges V8 built-ins (JSON, RegExp, Array methods, native bindings such as \`writev\`) to the JavaScript that called them.`,
    '',
    table(
      [
        'endpoint',
        'server',
        'req/s while profiled',
        'samples (main thread busy)',
        'CPU µs / request',
      ],
      run.profiles.map((p) => [
        p.load.scenario,
        p.load.server,
        num(p.load.rps),
        `${num(p.summary.samples)} (${pct(p.summary.busy)})`,
        num(p.usPerRequest),
      ]),
      ['l', 'l', 'r', 'r', 'r'],
    ),
    ...endpoints.flatMap((endpoint) => {
      const inkwell = run.profiles.find(
        (p) => p.load.scenario === endpoint && p.load.server === 'inkwell',
      )
      const baseline = run.profiles.find(
        (p) => p.load.scenario === endpoint && p.load.server === 'baseline',
      )
      if (!inkwell) return []
      return [
        '',
        `#### ${endpoint}: Inkwell`,
        '',
        table(
          ['stage (inclusive; stages overlap)', 'share', 'µs / request'],
          inkwell.summary.stages.map((s) => [s.name, pct(s.share), perRequest(inkwell, s)]),
          ['l', 'r', 'r'],
        ),
        '',
        table(
          ['package (self)', 'share', 'µs / request'],
          inkwell.summary.categories
            .slice(0, 16)
            .map((s) => [s.name, pct(s.share), perRequest(inkwell, s)]),
          ['l', 'r', 'r'],
        ),
        '',
        table(
          ['function (self time)', 'where', 'package', 'share'],
          inkwell.summary.functions
            .slice(0, 20)
            .map((f) => [`\`${f.name}\``, f.location, f.category, pct(f.share)]),
          ['l', 'l', 'l', 'r'],
        ),
        ...(baseline
          ? [
              '',
              `#### ${endpoint}: baseline`,
              '',
              table(
                ['package (self)', 'share', 'µs / request'],
                baseline.summary.categories
                  .slice(0, 10)
                  .map((s) => [s.name, pct(s.share), perRequest(baseline, s)]),
                ['l', 'r', 'r'],
              ),
            ]
          : []),
      ]
    }),
  ].join('\n')
}

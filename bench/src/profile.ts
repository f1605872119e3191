import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ChildServer } from './child-server'
import { type ProfileSummary, type Share, summariseProfile } from './cpu-profile'
import { type LoadResult, runScenario } from './load'
import { num, ratio, table } from './markdown'
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
      log(
        `${kind} ${scenario.name}: ${load.rps.toFixed(0)} req/s, ${(load.cpuMsPerRequest * 1000).toFixed(0)} µs server CPU per request; ${file}`,
      )
      for (const c of summary.categories.slice(0, 6))
        log(`  ${(c.share * 100).toFixed(1).padStart(5)}%  ${c.name}`)
      profiles.push({ load, summary, file })
    }
  }
  return { profiles }
}

const pct = (share: number) => `${num(share * 100, 1)}%`

/** The generated part of the profile section of RESULTS.md. */
export function renderProfile(context: RunContext, run: ProfileRun): string {
  const { options } = context
  const userUs = (p: ProfiledScenario, s: Share) => num(s.share * p.load.cpuSplitUs.mainUser)
  const endpoints = [...new Set(run.profiles.map((p) => p.load.scenario))]
  return [
    '### Profile data',
    '',
    describeContext(context),
    `- Each server and endpoint in its own process under \`node --cpu-prof\` (1 ms sampling): ${options.warmupS} s warm-up, then ${options.durationS} s at ${options.connections} connections; only the samples of those measured seconds are summarised.`,
    "- CPU per request comes from /proc (utime and stime of the process and of its main thread over the measured seconds, divided by the requests answered). The profile then splits the main thread's user-space time: shares are of the samples that found the main thread busy outside a system call, and µs/request = share x main-thread user µs/request. (Samples are counted, not weighted by the gap to the next one, and system-call frames such as `writev` are left out: on a busy machine both would charge time spent waiting for a CPU to whatever ran last. /proc measures kernel time directly.)",
    '- Stages are inclusive (any frame of the stage on the stack) and overlap. "Package" is self time, with V8 built-ins (JSON, RegExp, Array methods) charged to the JavaScript that called them.',
    ...endpoints.flatMap((endpoint) => {
      const inkwell = run.profiles.find(
        (p) => p.load.scenario === endpoint && p.load.server === 'inkwell',
      )
      const baseline = run.profiles.find(
        (p) => p.load.scenario === endpoint && p.load.server === 'baseline',
      )
      if (!inkwell) return []
      const both = baseline ? [inkwell, baseline] : [inkwell]
      const row = (label: string, value: (p: ProfiledScenario) => number) => [
        label,
        ...both.map((p) => num(value(p))),
        ...(baseline ? [ratio(value(inkwell) / value(baseline))] : []),
      ]
      return [
        '',
        `#### ${endpoint}`,
        '',
        table(
          [
            'server CPU per request, µs',
            ...both.map((p) => `${p.load.server} (${num(p.load.rps)} req/s)`),
            ...(baseline ? ['Inkwell / baseline'] : []),
          ],
          [
            row(
              'main thread, user space (JavaScript, V8, GC pauses)',
              (p) => p.load.cpuSplitUs.mainUser,
            ),
            row(
              'main thread, kernel (socket reads and writes)',
              (p) => p.load.cpuSplitUs.mainSystem,
            ),
            row('other threads (GC helpers, compiler)', (p) => p.load.cpuSplitUs.otherThreads),
            row('total', (p) => p.load.cpuMsPerRequest * 1000),
          ],
          ['l', ...both.map(() => 'r' as const), 'r'],
        ),
        '',
        `Inkwell, main thread in user space (${num(inkwell.summary.samples)} samples, ${pct(inkwell.summary.busy)} busy, ${pct(inkwell.summary.syscalls)} of those in system calls):`,
        '',
        table(
          ['stage (inclusive; stages overlap)', 'share', 'µs / request'],
          inkwell.summary.stages.map((s) => [s.name, pct(s.share), userUs(inkwell, s)]),
          ['l', 'r', 'r'],
        ),
        '',
        table(
          ['package (self)', 'share', 'µs / request'],
          inkwell.summary.categories
            .slice(0, 16)
            .map((s) => [s.name, pct(s.share), userUs(inkwell, s)]),
          ['l', 'r', 'r'],
        ),
        '',
        table(
          ['function (self)', 'where', 'package', 'share'],
          inkwell.summary.functions
            .slice(0, 20)
            .map((f) => [`\`${f.name}\``, f.location, f.category, pct(f.share)]),
          ['l', 'l', 'l', 'r'],
        ),
        ...(baseline
          ? [
              '',
              'Baseline, main thread in user space:',
              '',
              table(
                ['package (self)', 'share', 'µs / request'],
                baseline.summary.categories
                  .slice(0, 8)
                  .map((s) => [s.name, pct(s.share), userUs(baseline, s)]),
                ['l', 'r', 'r'],
              ),
            ]
          : []),
      ]
    }),
  ].join('\n')
}

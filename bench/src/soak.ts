import { drive } from './load'
import { num, table } from './markdown'
import type { BenchOptions } from './options'
import { log } from './progress'
import { describeContext, type RunContext } from './report'
import { mixedScenario } from './scenarios'
import { BENCH_METRICS_TOKEN, startInkwell } from './servers'
import type { BenchSession } from './session'
import { slope } from './stats'

export interface RssSample {
  /** Seconds since the load began. */
  readonly t: number
  readonly rssMiB: number
  /**
   * The V8 heap in use and the memory outside it held by JS objects (Buffers, ArrayBuffers),
   * from the server's `/metrics`; absent when it did not answer. They tell a growing RSS that
   * is JavaScript's (a leak to find in a heap snapshot) from one that is not (the allocator,
   * native code).
   */
  heapMiB?: number
  /** The V8 heap's size, in use or not: what V8 holds from the system for its heap. */
  heapTotalMiB?: number
  externalMiB?: number
}

const MIB = 1024 * 1024

/** Reads the heap figures of `sample` from the server's metrics (prom-client's defaults). */
async function addHeapFigures(url: string, sample: RssSample): Promise<void> {
  try {
    const response = await fetch(`${url}/metrics`, {
      headers: { authorization: `Bearer ${BENCH_METRICS_TOKEN}` },
      signal: AbortSignal.timeout(2000),
    })
    const text = await response.text()
    const gauge = (name: string) => {
      const value = new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]
      return value === undefined ? undefined : Number(value) / MIB
    }
    const heap = gauge('nodejs_heap_size_used_bytes')
    const heapTotal = gauge('nodejs_heap_size_total_bytes')
    const external = gauge('nodejs_external_memory_bytes')
    if (heap !== undefined) sample.heapMiB = heap
    if (heapTotal !== undefined) sample.heapTotalMiB = heapTotal
    if (external !== undefined) sample.externalMiB = external
  } catch {
    // Busy or gone: this sample has RSS only.
  }
}

export interface SoakResult {
  readonly minutes: number
  readonly connections: number
  readonly requests: number
  readonly rps: number
  readonly p50: number
  readonly p99: number
  readonly errors: number
  readonly statuses: string
  readonly samples: readonly RssSample[]
  /** MiB per minute over the whole soak, and after its first minute (warm-up: JIT, pool, heap sizing). */
  readonly slopeAll: number
  readonly slopeSteady: number
  /** Standard error of `slopeSteady`: RSS saws up and down with each GC cycle. */
  readonly slopeSteadyError: number
  /** The V8 heap's slope after the first minute, MiB per minute, and its standard error. */
  readonly heapSlopeSteady: number
  readonly heapSlopeSteadyError: number
}

const SAMPLE_EVERY_MS = 5000
/**
 * The report calls RSS flat when its slope after the first minute is below this (MiB per
 * minute), or not above twice its standard error (no trend the GC sawtooth cannot explain).
 */
export const FLAT_MIB_PER_MIN = 1

/**
 * Mixed traffic (see `mixedScenario`) at the run's connection count for `soakMinutes`, with
 * the server's RSS sampled every 5 s; reports its least-squares slope.
 */
export async function runSoak(session: BenchSession, options: BenchOptions): Promise<SoakResult> {
  const server = session.track(
    await startInkwell({
      databaseUrl: session.database.url,
      redisUrl: options.redisUrl,
      poolSize: options.poolSize,
    }),
  )
  const seconds = Math.round(options.soakMinutes * 60)
  const samples: RssSample[] = []
  const started = performance.now()
  const pending: Promise<void>[] = []
  const sample = () => {
    const taken: RssSample = { t: (performance.now() - started) / 1000, rssMiB: server.rssMiB() }
    samples.push(taken)
    pending.push(addHeapFigures(server.url, taken))
  }
  sample()
  const sampler = setInterval(sample, SAMPLE_EVERY_MS)
  let previous = 0
  log(
    `soak: mixed traffic, ${options.connections} connections, ${options.soakMinutes} min; RSS ${samples[0]!.rssMiB.toFixed(0)} MiB at start`,
  )
  const measured = await drive(server, mixedScenario(session.fixture), {
    connections: options.connections,
    seconds,
    label: 'soak',
    onTick(second, ok, errors) {
      if (second % 30 !== 0) return
      log(
        `soak ${second}/${seconds} s: ${((ok - previous) / 30).toFixed(0)} ok/s, ${errors} non-2xx so far, RSS ${server.rssMiB().toFixed(0)} MiB`,
      )
      previous = ok
    },
  }).finally(() => clearInterval(sampler))
  sample()
  await Promise.all(pending)
  await server.stop()

  const perMinute = samples.map((s) => ({ x: s.t / 60, y: s.rssMiB }))
  const steady = slope(perMinute.filter((p) => p.x >= 1))
  const heapSteady = slope(
    samples.flatMap((s) =>
      s.t >= 60 && s.heapMiB !== undefined ? [{ x: s.t / 60, y: s.heapMiB }] : [],
    ),
  )
  let errors = 0
  const statuses: string[] = []
  for (const [code, count] of measured.statuses) {
    statuses.push(`${count}x${code}`)
    if ((code < 200 || code >= 300) && code !== 409) errors += count
  }
  return {
    minutes: options.soakMinutes,
    connections: options.connections,
    requests: measured.ok,
    rps: measured.ok / measured.seconds,
    p50: measured.latencies.quantile(0.5),
    p99: measured.latencies.quantile(0.99),
    errors: errors + measured.socketErrors + measured.timeouts,
    statuses: statuses.join(', '),
    samples,
    slopeAll: slope(perMinute).slope,
    slopeSteady: steady.slope,
    slopeSteadyError: steady.error,
    heapSlopeSteady: heapSteady.slope,
    heapSlopeSteadyError: heapSteady.error,
  }
}

function mib(value: number | undefined): string {
  return value === undefined ? '–' : num(value)
}

/** The soak section of RESULTS.md. */
export function renderSoak(context: RunContext, soak: SoakResult): string {
  const first = soak.samples[0]!
  const steady = soak.samples.find((s) => s.t >= 60) ?? first
  const last = soak.samples.at(-1)!
  const max = Math.max(...soak.samples.map((s) => s.rssMiB))
  const flat = soak.slopeSteady < FLAT_MIB_PER_MIN || soak.slopeSteady < 2 * soak.slopeSteadyError
  const everyMinute = soak.samples.filter(
    (s, i) => i === 0 || Math.floor(s.t / 60) !== Math.floor(soak.samples[i - 1]!.t / 60),
  )
  return [
    '## Soak',
    '',
    describeContext(context, false),
    `- Load: ${soak.minutes} min of mixed traffic, ${soak.connections} connections flat out; per 100 requests of a connection: 30 users.me, 25 notes.list, 20 notes.get, 10 batches (me + list + tags), 7 notes.create, 7 notes.update, 1 auth.login. RSS of the server process sampled every 5 s.`,
    '',
    table(
      ['figure', 'value'],
      [
        [
          'requests (2xx)',
          `${num(soak.requests)} (${num(soak.rps)} req/s), p50 ${num(soak.p50, 1)} ms, p99 ${num(soak.p99, 1)} ms`,
        ],
        ['errors', `${soak.errors} (statuses: ${soak.statuses})`],
        [
          'RSS at start, after 1 min, at the end, highest',
          `${num(first.rssMiB)} / ${num(steady.rssMiB)} / ${num(last.rssMiB)} / ${num(max)} MiB`,
        ],
        ['RSS slope, whole soak', `${num(soak.slopeAll, 2)} MiB/min`],
        [
          'RSS slope after the first minute',
          `**${num(soak.slopeSteady, 2)} ± ${num(soak.slopeSteadyError, 2)} MiB/min**: ${flat ? 'flat' : '**growing**'} (flat: under ${FLAT_MIB_PER_MIN} MiB/min, or within twice the standard error of the GC sawtooth)`,
        ],
        [
          'V8 heap used: after 1 min, at the end; slope after the first minute',
          `${mib(steady.heapMiB)} / ${mib(last.heapMiB)} MiB; ${num(soak.heapSlopeSteady, 2)} ± ${num(soak.heapSlopeSteadyError, 2)} MiB/min`,
        ],
        [
          'V8 heap size (in use or not): after 1 min, at the end',
          `${mib(steady.heapTotalMiB)} / ${mib(last.heapTotalMiB)} MiB`,
        ],
        [
          'memory held outside the heap (Buffers): after 1 min, at the end',
          `${mib(steady.externalMiB)} / ${mib(last.externalMiB)} MiB`,
        ],
      ],
    ),
    '',
    `By minute, RSS / V8 heap used / V8 heap size (MiB): ${everyMinute.map((s) => `${num(s.t / 60, 1)} min ${num(s.rssMiB)} / ${mib(s.heapMiB)} / ${mib(s.heapTotalMiB)}`).join(', ')}, end ${num(last.rssMiB)} / ${mib(last.heapMiB)} / ${mib(last.heapTotalMiB)}.`,
    ...(process.env.MALLOC_ARENA_MAX
      ? [
          '',
          `Run with \`MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX}\` (glibc's malloc arenas).`,
        ]
      : []),
  ].join('\n')
}

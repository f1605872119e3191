import autocannon from 'autocannon'
import type { ChildServer } from './child-server'
import { machineBusyCores } from './machine'
import { endStatus, status } from './progress'
import type { RequestSpec, Scenario } from './scenarios'
import { Samples } from './stats'

export interface LoadSettings {
  readonly durationS: number
  readonly warmupS: number
  readonly connections: number
}

/** What one scenario measured against one server. */
export interface LoadResult {
  readonly scenario: string
  readonly server: string
  readonly connections: number
  readonly durationS: number
  /** 2xx answers (and the expected non-2xx ones) per second. */
  readonly rps: number
  readonly requests: number
  /** Latency percentiles of the 2xx answers, ms. */
  readonly p50: number
  readonly p99: number
  readonly max: number
  /** Non-2xx answers that are not expected, socket errors and timeouts. */
  readonly errors: number
  readonly errorDetail: string
  /** Expected non-2xx answers (a 409 on a stale version), counted apart. */
  readonly expected: number
  readonly rssBeforeMiB: number
  readonly rssAfterMiB: number
  /** The server's CPU use while measured, in cores (1.0 = one core busy). */
  readonly serverCores: number
  /** The load generator's (this process's) CPU use while measured, in cores. */
  readonly generatorCores: number
  /** The whole machine's CPU use while measured (PostgreSQL and anything else included), in cores. */
  readonly machineCores: number
  /** Server CPU per answered request while measured, ms. */
  readonly cpuMsPerRequest: number
  /** The same, split: main thread in user space, main thread in the kernel, other threads (µs). */
  readonly cpuSplitUs: {
    readonly mainUser: number
    readonly mainSystem: number
    readonly otherThreads: number
  }
  /** When the measured run began and ended, on the monotonic clock (µs), as CPU profiles time samples. */
  readonly window: { readonly fromUs: number; readonly toUs: number }
}

/**
 * Runs `scenario` against `server` with autocannon, in this process: a warm-up whose figures
 * are thrown away, then the measured run. Latencies are recorded per response (autocannon's
 * own histogram has whole-millisecond buckets).
 */
export async function runScenario(
  server: ChildServer,
  scenario: Scenario,
  settings: LoadSettings,
): Promise<LoadResult> {
  const connections = scenario.connections ?? settings.connections
  const rssBeforeMiB = server.rssMiB()
  if (settings.warmupS > 0) {
    await drive(server, scenario, {
      connections,
      seconds: settings.warmupS,
      label: `warm-up ${scenario.name}`,
    })
  }
  const cpuBefore = server.cpuTimes()
  const generatorBefore = process.cpuUsage()
  const machine = machineBusyCores()
  const measured = await drive(server, scenario, {
    connections,
    seconds: settings.durationS,
    label: `${server.name} ${scenario.name}`,
  })
  const cpuAfter = server.cpuTimes()
  const serverCores = (cpuAfter.total - cpuBefore.total) / measured.seconds
  const generator = process.cpuUsage(generatorBefore)
  const generatorCores = (generator.user + generator.system) / 1e6 / measured.seconds
  const machineCores = machine()
  const expectedStatuses = new Set(scenario.expectedStatuses ?? [])
  let expected = 0
  let unexpected = 0
  const detail: string[] = []
  for (const [code, count] of measured.statuses) {
    if (code >= 200 && code < 300) continue
    if (expectedStatuses.has(code)) expected += count
    else unexpected += count
    detail.push(`${count}x${code}`)
  }
  const answered = measured.ok + expected
  const perRequestUs = (key: 'mainUser' | 'mainSystem' | 'otherThreads') =>
    ((cpuAfter[key] - cpuBefore[key]) * 1e6) / answered
  if (measured.socketErrors) detail.push(`${measured.socketErrors} socket errors`)
  if (measured.timeouts) detail.push(`${measured.timeouts} timeouts`)
  return {
    scenario: scenario.name,
    server: server.name,
    connections,
    durationS: measured.seconds,
    rps: (measured.ok + expected) / measured.seconds,
    requests: measured.ok + expected,
    p50: measured.latencies.quantile(0.5),
    p99: measured.latencies.quantile(0.99),
    max: measured.latencies.quantile(1),
    errors: unexpected + measured.socketErrors + measured.timeouts,
    errorDetail: detail.join(', '),
    expected,
    rssBeforeMiB,
    rssAfterMiB: server.rssMiB(),
    serverCores,
    generatorCores,
    machineCores,
    cpuMsPerRequest: (serverCores * measured.seconds * 1000) / answered,
    cpuSplitUs: {
      mainUser: perRequestUs('mainUser'),
      mainSystem: perRequestUs('mainSystem'),
      otherThreads: perRequestUs('otherThreads'),
    },
    window: { fromUs: measured.fromUs, toUs: measured.toUs },
  }
}

export interface Measured {
  readonly seconds: number
  readonly fromUs: number
  readonly toUs: number
  readonly ok: number
  readonly statuses: Map<number, number>
  readonly latencies: Samples
  readonly socketErrors: number
  readonly timeouts: number
}

export interface DriveOptions {
  readonly connections: number
  readonly seconds: number
  /** Names the run on the progress line. */
  readonly label: string
  /** Called each second with the 2xx answers so far; replaces the progress line when given. */
  readonly onTick?: (second: number, ok: number, errors: number) => void
}

/** One autocannon run, with a live progress line. */
export function drive(
  server: ChildServer,
  scenario: Scenario,
  options: DriveOptions,
): Promise<Measured> {
  const { connections, seconds, label } = options
  const latencies = new Samples()
  const statuses = new Map<number, number>()
  let ok = 0
  let index = 0
  let second = 0
  let lastCount = 0
  const started = performance.now()
  const fromUs = monotonicUs()
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: server.url,
        connections,
        duration: seconds,
        setupClient(client) {
          const connection = scenario.connect(index++)
          client.setRequests([
            {
              setupRequest: (request) => Object.assign(request, toAutocannon(connection.next())),
              onResponse: (code, body) => connection.onResponse?.(code, body),
            },
          ])
          client.on('response', (code: number, _bytes: number, ms: number) => {
            statuses.set(code, (statuses.get(code) ?? 0) + 1)
            if (code >= 200 && code < 300) {
              ok++
              latencies.add(ms)
            }
          })
        },
      },
      (error, result) => {
        endStatus()
        if (error) return reject(error)
        resolve({
          seconds: (performance.now() - started) / 1000,
          fromUs,
          toUs: monotonicUs(),
          ok,
          statuses,
          latencies,
          socketErrors: result.errors - result.timeouts,
          timeouts: result.timeouts,
        })
      },
    )
    instance.on('tick', () => {
      second++
      const count = ok
      if (options.onTick) {
        let failed = 0
        for (const [code, n] of statuses) if (code < 200 || code >= 300) failed += n
        return options.onTick(second, count, failed)
      }
      status(
        `${label}: ${second}/${seconds} s, ${count - lastCount} ok/s, ${statuses.size > 1 ? describe(statuses) : 'no errors'}`,
        second,
      )
      lastCount = count
    })
  })
}

function toAutocannon(spec: RequestSpec): autocannon.Request {
  return {
    method: spec.method,
    path: spec.path,
    headers: { ...spec.headers },
    ...(spec.body === undefined ? {} : { body: spec.body }),
  }
}

function describe(statuses: Map<number, number>): string {
  return [...statuses]
    .filter(([code]) => code < 200 || code >= 300)
    .map(([code, count]) => `${count}x${code}`)
    .join(' ')
}

/** The monotonic clock in µs: the clock V8's CPU profiles stamp their samples with. */
function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n)
}

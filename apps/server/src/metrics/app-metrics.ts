import type { ApiDeps } from '@inkwell/api'
import { type HashingQueueStats, passwordHashing } from '@inkwell/auth'
import type { PoolStats } from '@inkwell/db'
import {
  type Counter,
  Counter as CounterMetric,
  collectDefaultMetrics,
  Gauge,
  Histogram,
  Registry,
} from 'prom-client'

/** How long a scrape waits for the job queue's depth before leaving it out. */
const BACKLOG_TIMEOUT_MS = 2000

/** Where the figures come from: plain stats functions of the packages that own them. */
export interface MetricsSources {
  /** Session cache (`deps.sessions`) and job queue (`deps.jobs`). */
  readonly deps: Pick<ApiDeps, 'sessions' | 'jobs'>
  /** The database pool now. Unset: the pool figures are left out. */
  readonly dbPool?: (() => PoolStats) | undefined
  /** The password-hashing queue. Default: the process's (`passwordHashing`). */
  readonly hashing?: { stats(): HashingQueueStats } | undefined
}

/** One call as the metrics count it. */
export interface CallRecord {
  /** A known procedure's path, or `unknown` (see `procedureLabel`). */
  readonly procedure: string
  readonly status: number
}

/** Which face of the API a call came through: `/trpc` or the REST face `/api/v1`. */
export type ApiFace = 'trpc' | 'rest'

/** A counter of calls by procedure and status, and a histogram of their time by procedure. */
class CallSeries {
  readonly #calls: Counter<'procedure' | 'status'>
  readonly #duration: Histogram<'procedure'>
  // prom-client hashes labels on every `inc`; its children are looked up here instead.
  readonly #callChildren = new Map<string, { inc(): void }>()
  readonly #durationChildren = new Map<string, { observe(value: number): void }>()

  constructor(registers: Registers, face: ApiFace, calls: string, durations: string) {
    this.#calls = new CounterMetric({
      name: `inkwell_${face}_calls_total`,
      help: calls,
      labelNames: ['procedure', 'status'],
      registers,
    })
    this.#duration = new Histogram({
      name: `inkwell_${face}_call_duration_seconds`,
      help: durations,
      labelNames: ['procedure'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    })
  }

  record(calls: readonly CallRecord[], seconds: number): void {
    for (const { procedure, status } of calls) {
      const key = `${procedure} ${status}`
      let counter = this.#callChildren.get(key)
      if (!counter) {
        counter = this.#calls.labels(procedure, String(status))
        this.#callChildren.set(key, counter)
      }
      counter.inc()
      let histogram = this.#durationChildren.get(procedure)
      if (!histogram) {
        histogram = this.#duration.labels(procedure)
        this.#durationChildren.set(procedure, histogram)
      }
      histogram.observe(seconds)
    }
  }
}

/**
 * One app's metrics, in a registry of its own (several apps in one process never share a
 * series). Request figures are counted as requests end; everything else is read from its
 * owner when scraped, so the request path pays only for a counter and a histogram.
 */
export class AppMetrics {
  readonly registry = new Registry()
  readonly #series: Record<ApiFace, CallSeries>
  #scrape: Promise<string> | undefined

  constructor(sources: MetricsSources) {
    const registers = [this.registry]
    collectDefaultMetrics({ register: this.registry })
    this.#series = {
      trpc: new CallSeries(
        registers,
        'trpc',
        'tRPC calls by procedure and HTTP status (each call of a batch counts; unknown paths are "unknown")',
        'Time from the request arriving to its answer, by procedure (a batch: each of its calls)',
      ),
      rest: new CallSeries(
        registers,
        'rest',
        'REST calls (/api/v1) by the procedure they ran and HTTP status (no route: "unknown")',
        'Time from a REST request arriving to its answer, by procedure',
      ),
    }
    registerHashing(registers, sources.hashing ?? passwordHashing)
    registerSessionCache(registers, sources.deps.sessions)
    if (sources.dbPool) registerDbPool(registers, sources.dbPool)
    registerJobs(registers, sources.deps.jobs)
  }

  /** Counts the calls of one request that took `seconds`, by the face they came through. */
  record(calls: readonly CallRecord[], seconds: number, face: ApiFace = 'trpc'): void {
    this.#series[face].record(calls, seconds)
  }

  /** The Prometheus text exposition; scrapes that overlap share one collection. */
  render(): Promise<string> {
    this.#scrape ??= this.registry.metrics().finally(() => {
      this.#scrape = undefined
    })
    return this.#scrape
  }
}

type Registers = Registry[]

/** A counter whose value is kept by its owner: set from `read()` on every scrape. */
function mirroredCounter(registers: Registers, name: string, help: string, read: () => number) {
  return new CounterMetric({
    name,
    help,
    registers,
    collect() {
      this.reset()
      this.inc(read())
    },
  })
}

function gauge(registers: Registers, name: string, help: string, read: () => number) {
  return new Gauge({
    name,
    help,
    registers,
    collect() {
      this.set(read())
    },
  })
}

function registerHashing(registers: Registers, hashing: { stats(): HashingQueueStats }): void {
  gauge(
    registers,
    'inkwell_password_hashing_running',
    'Password hashes running now',
    () => hashing.stats().running,
  )
  gauge(
    registers,
    'inkwell_password_hashing_waiting',
    'Password hashes waiting for a worker',
    () => hashing.stats().waiting,
  )
  gauge(
    registers,
    'inkwell_password_hashing_capacity',
    'Password hashes admitted at most (running and waiting)',
    () => hashing.stats().capacity,
  )
  mirroredCounter(
    registers,
    'inkwell_password_hashing_shed_total',
    'Calls refused because password hashing was at capacity (503 SERVICE_BUSY)',
    () => hashing.stats().shed,
  )
}

function registerSessionCache(registers: Registers, sessions: ApiDeps['sessions']): void {
  const stats = () => sessions.cacheStats() ?? { hits: 0, misses: 0, entries: 0 }
  mirroredCounter(
    registers,
    'inkwell_session_cache_hits_total',
    'Session validations answered from the in-process cache',
    () => stats().hits,
  )
  mirroredCounter(
    registers,
    'inkwell_session_cache_misses_total',
    'Session validations that asked the database',
    () => stats().misses,
  )
  gauge(
    registers,
    'inkwell_session_cache_entries',
    'Sessions held in the in-process cache',
    () => stats().entries,
  )
}

function registerDbPool(registers: Registers, pool: () => PoolStats): void {
  gauge(
    registers,
    'inkwell_db_pool_connections',
    'Database connections open (the embedded database: 1)',
    () => pool().total,
  )
  gauge(registers, 'inkwell_db_pool_in_use', 'Database connections in use', () => {
    const { total, idle } = pool()
    return total - idle
  })
  gauge(
    registers,
    'inkwell_db_pool_waiting',
    'Queries waiting for a database connection',
    () => pool().waiting,
  )
}

function registerJobs(registers: Registers, jobs: ApiDeps['jobs']): void {
  new Gauge({
    name: 'inkwell_job_queue_jobs',
    help: 'Unfinished jobs by queue and state (created, retry: waiting for a retry, active), all instances',
    labelNames: ['queue', 'state'],
    registers,
    async collect() {
      this.reset()
      const backlog = await withTimeout(jobs.backlog(), BACKLOG_TIMEOUT_MS).catch(() => undefined)
      for (const [queue, depth] of Object.entries(backlog ?? {})) {
        for (const [state, n] of Object.entries(depth)) this.set({ queue, state }, n)
      }
    },
  })
  new CounterMetric({
    name: 'inkwell_job_attempts_total',
    help: 'Job attempts worked by this process, by job and outcome (a failed one is retried unless it was the last)',
    labelNames: ['job', 'outcome'],
    registers,
    collect() {
      this.reset()
      for (const [job, counts] of Object.entries(jobs.stats().byJob)) {
        this.inc({ job, outcome: 'completed' }, counts.completed)
        this.inc({ job, outcome: 'failed' }, counts.failed)
      }
    },
  })
  new CounterMetric({
    name: 'inkwell_jobs_gave_up_total',
    help: 'Jobs that failed their last attempt, by job (counted by the instance that read them)',
    labelNames: ['job'],
    registers,
    collect() {
      this.reset()
      for (const [job, counts] of Object.entries(jobs.stats().byJob)) {
        this.inc({ job }, counts.gaveUp)
      }
    },
  })
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

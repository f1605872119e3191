import { CompiledQuery } from 'kysely'
import type { SqlRunner } from './sql-executor'

/** What happened to one kind of job in this process since it started. */
export interface JobCounts {
  /** Attempts that succeeded. */
  completed: number
  /** Attempts that failed (each is retried, unless it was the last). */
  failed: number
  /** Jobs that failed their last attempt (or could not be read): given up, logged as errors. */
  gaveUp: number
}

/**
 * Counters of this process (the instances together: their sum), by job name, for metrics.
 * Only instances that run workers count anything.
 */
export interface JobStats {
  readonly total: Readonly<JobCounts>
  readonly byJob: Readonly<Record<string, Readonly<JobCounts>>>
}

export class JobCounters {
  readonly #byJob = new Map<string, JobCounts>()

  add(job: string, field: keyof JobCounts): void {
    let counts = this.#byJob.get(job)
    if (!counts) {
      counts = { completed: 0, failed: 0, gaveUp: 0 }
      this.#byJob.set(job, counts)
    }
    counts[field]++
  }

  snapshot(): JobStats {
    const total: JobCounts = { completed: 0, failed: 0, gaveUp: 0 }
    const byJob: Record<string, JobCounts> = {}
    for (const [job, counts] of this.#byJob) {
      byJob[job] = { ...counts }
      total.completed += counts.completed
      total.failed += counts.failed
      total.gaveUp += counts.gaveUp
    }
    return { total, byJob }
  }
}

/** Jobs of one kind in the queue now, by state. */
export interface JobDepth {
  /** Waiting for their first attempt (some may be scheduled for later). */
  readonly created: number
  /** Failed an attempt and waiting for the next one. */
  readonly retry: number
  /** Being worked now. */
  readonly active: number
}

/** The queue's depth by job name: every instance's jobs, read from the database. */
export type JobBacklog = Readonly<Record<string, JobDepth>>

/** Counts the unfinished jobs of `names` by state: one grouped query, for a metrics scrape. */
export async function readBacklog(db: SqlRunner, names: readonly string[]): Promise<JobBacklog> {
  const query: CompiledQuery<{ name: string; state: keyof JobDepth; n: number }> =
    CompiledQuery.raw(
      `select name, state::text as state, count(*)::int as n from pgboss.job
         where name = any($1) and state in ('created', 'retry', 'active')
         group by name, state`,
      [names],
    )
  const { rows } = await db.executeQuery(query)
  const backlog: Record<string, { created: number; retry: number; active: number }> = {}
  for (const name of names) backlog[name] = { created: 0, retry: 0, active: 0 }
  for (const row of rows) {
    const depth = backlog[row.name]
    if (depth) depth[row.state] = row.n
  }
  return backlog
}

import type { Db } from '@inkwell/db'
import { sql } from 'kysely'
import type { JobLogger } from '../src'

/** A logger that keeps its lines, for asserting on them. */
export function memoryLogger(): JobLogger & {
  readonly lines: { level: string; message: string; details: object }[]
} {
  const lines: { level: string; message: string; details: object }[] = []
  const at = (level: string) => (details: object, message: string) => {
    lines.push({ level, message, details })
  }
  return { lines, info: at('info'), warn: at('warn'), error: at('error') }
}

export interface JobRow {
  readonly id: string
  readonly state: string
  readonly retry_count: number
  readonly start_after: Date
  readonly created_on: Date
  readonly output: { message?: string } | null
  readonly data: unknown
}

/** Every job of queue `name`, oldest first, straight from pg-boss's table. */
export async function jobsOf(db: Db, name: string): Promise<JobRow[]> {
  const { rows } = await sql<JobRow>`
    select id, state::text as state, retry_count, start_after, created_on, output, data
    from pgboss.job where name = ${name} order by created_on, id`.execute(db.kysely)
  return rows
}

/** Polls `check` until it returns a value other than undefined (or `timeoutMs` passes). */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

let sequence = 0

/** A job name no other test of the file uses (each name is its own queue). */
export function uniqueName(label: string): string {
  sequence++
  return `test.${label}-${sequence}`
}

import { fileURLToPath } from 'node:url'
import type { ChildServer } from './child-server'
import { createRunDatabase, type RunDatabase } from './database'
import { describeMachine, gitRevision, machineBusyCores, redisVersion } from './machine'
import type { BenchOptions } from './options'
import { log } from './progress'
import type { RunContext } from './report'
import { type Fixture, seed } from './seed'
import { buildInkwell } from './servers'

/** What every mode sets up first: a built server, a seeded fresh database, and cleanup. */
export interface BenchSession {
  readonly database: RunDatabase
  readonly fixture: Fixture
  readonly redis: string
  /** Registers a server to stop when the run ends (or is interrupted). */
  track(server: ChildServer): ChildServer
  /** Closes the session, measures the other work on the machine again, and describes the run. */
  finish(command: string): Promise<RunContext>
  /** Stops every tracked server and drops the database. Safe to call twice. */
  close(): Promise<void>
}

const OTHER_WORK_SAMPLE_MS = 2000

/** Cores kept busy by everything else on the machine while the bench itself is idle. */
async function otherWork(): Promise<number> {
  const busy = machineBusyCores()
  await new Promise((resolve) => setTimeout(resolve, OTHER_WORK_SAMPLE_MS))
  return busy()
}

export async function openSession(options: BenchOptions): Promise<BenchSession> {
  const started = performance.now()
  const machine = describeMachine()
  const otherBefore = await otherWork()
  log(
    `${machine.cpu}, ${machine.cores} cores, Node ${machine.node}; other work on the machine: ${otherBefore.toFixed(2)} cores busy`,
  )
  const redis = await redisVersion(options.redisUrl)
  if (options.skipBuild) log('using the existing build of apps/server')
  else {
    log('building apps/server (pnpm --filter @inkwell/server build)')
    buildInkwell()
  }
  const revision = gitRevision(fileURLToPath(new URL('../..', import.meta.url)))
  log('creating and migrating a fresh database')
  const database = await createRunDatabase(options.databaseUrl)
  const servers: ChildServer[] = []
  let closing: Promise<void> | undefined
  const close = () => {
    closing ??= (async () => {
      await Promise.allSettled(servers.map((server) => server.stop()))
      await database
        .drop()
        .catch((error: unknown) => log(`could not drop ${database.name}: ${String(error)}`))
    })()
    return closing
  }
  try {
    log(`seeding ${options.users} users x ${options.notesPerUser} notes into ${database.name}`)
    const fixture = await seed(database.url, {
      users: options.users,
      notesPerUser: options.notesPerUser,
    })
    return {
      database,
      fixture,
      redis,
      track(server) {
        servers.push(server)
        return server
      },
      finish: async (command) => ({
        date: `${new Date().toISOString().replace('T', ' ').slice(0, 16)} UTC`,
        command,
        machine,
        revision,
        postgres: database.serverVersion,
        redis,
        options,
        otherBefore,
        otherAfter: await close().then(otherWork),
        seconds: (performance.now() - started) / 1000,
      }),
      close,
    }
  } catch (error) {
    await close()
    throw error
  }
}

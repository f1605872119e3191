import { runFanout } from './fanout'
import { measureHashBound } from './hash-bound'
import { type LoadResult, runScenario } from './load'
import type { BenchOptions } from './options'
import { probe } from './probe'
import { log } from './progress'
import type { BenchRun } from './report'
import { createScenarios, requests, type Scenario } from './scenarios'
import { startBaseline, startInkwell } from './servers'
import type { BenchSession } from './session'

/** 1,000 open streams, 200 writes at 20 a second. */
const FANOUT = { streams: 1000, writes: 200, rate: 20 }

/**
 * The default run: every scenario against Inkwell, `users.me` and `notes.list` against the
 * baseline right after their Inkwell run (so both see the same machine), then the login
 * figures: the hash bound, logins flat out, and a paced `users.me` probe with and without them.
 */
export async function runBench(session: BenchSession, options: BenchOptions): Promise<BenchRun> {
  const { fixture } = session
  log('starting the Inkwell server and the baseline')
  const inkwell = session.track(
    await startInkwell({
      databaseUrl: session.database.url,
      redisUrl: options.redisUrl,
      poolSize: options.poolSize,
    }),
  )
  const baseline = session.track(
    await startBaseline({ databaseUrl: session.database.url, poolSize: options.poolSize }),
  )
  const scenarios = createScenarios(fixture, options.loginConnections)
  const settings = {
    durationS: options.durationS,
    warmupS: options.warmupS,
    connections: options.connections,
  }

  const results: LoadResult[] = []
  const run = async (server: typeof inkwell, scenario: Scenario) => {
    const result = await runScenario(server, scenario, settings)
    log(
      `${result.server.padEnd(8)} ${result.scenario.padEnd(24)} ${result.rps.toFixed(0).padStart(6)} req/s  p50 ${result.p50.toFixed(1)} ms  p99 ${result.p99.toFixed(1)} ms  errors ${result.errors}  RSS ${result.rssBeforeMiB.toFixed(0)} -> ${result.rssAfterMiB.toFixed(0)} MiB`,
    )
    results.push(result)
    return result
  }

  await run(inkwell, scenarios.me)
  await run(baseline, scenarios.me)
  await run(inkwell, scenarios.list)
  await run(baseline, scenarios.list)
  await run(inkwell, scenarios.restList)
  await run(inkwell, scenarios.get)
  await run(inkwell, scenarios.changes)
  await run(inkwell, scenarios.batch)
  await run(inkwell, scenarios.create)
  await run(inkwell, scenarios.update)
  await baseline.stop()

  log('notes.onChange fan-out: streams on a second instance, writes on the first')
  const listener = session.track(
    await startInkwell({
      databaseUrl: session.database.url,
      redisUrl: options.redisUrl,
      poolSize: options.poolSize,
    }),
  )
  const fanout = await runFanout(listener, inkwell, fixture, FANOUT)
  log(
    `fan-out: ${fanout.received}/${fanout.writes} events, p50 ${fanout.p50.toFixed(1)} ms, p99 ${fanout.p99.toFixed(1)} ms; listener RSS ${fanout.rssBeforeMiB.toFixed(0)} -> ${fanout.rssOpenMiB.toFixed(0)} MiB with ${fanout.opened} streams`,
  )
  await listener.stop()

  log('measuring one argon2id verification (the login bound)')
  const hash = await measureHashBound()
  log(`verify ${hash.verifyMs.toFixed(1)} ms -> bound ${hash.loginsPerSecond.toFixed(1)} logins/s`)
  const login = await runScenario(inkwell, scenarios.login, settings)
  log(
    `inkwell  auth.login ${login.rps.toFixed(1)} req/s (${((login.rps / hash.loginsPerSecond) * 100).toFixed(0)}% of the bound), p99 ${login.p99.toFixed(0)} ms, errors ${login.errors}`,
  )

  const probeUser = () => fixture.users[Math.floor(Math.random() * fixture.users.length)]!
  const probeSettings = { rate: options.probeRate, seconds: options.durationS }
  log(`users.me probe at ${options.probeRate} req/s, server otherwise idle`)
  const probeIdle = await probe(inkwell.url, () => requests.me(probeUser()), probeSettings)
  log(`probe idle: p50 ${probeIdle.p50.toFixed(1)} ms, p99 ${probeIdle.p99.toFixed(1)} ms`)
  log('the same probe while auth.login runs flat out')
  const [loginDuringProbe, probeDuringLogin] = await Promise.all([
    runScenario(inkwell, scenarios.login, {
      ...settings,
      warmupS: 0,
      durationS: options.durationS + 1,
    }),
    new Promise((resolve) => setTimeout(resolve, 500)).then(() =>
      probe(inkwell.url, () => requests.me(probeUser()), probeSettings),
    ),
  ])
  log(
    `probe during logins: p50 ${probeDuringLogin.p50.toFixed(1)} ms, p99 ${probeDuringLogin.p99.toFixed(1)} ms (${(probeDuringLogin.p99 / probeIdle.p99).toFixed(2)}x idle); logins ${loginDuringProbe.rps.toFixed(1)} req/s`,
  )
  await inkwell.stop()
  return {
    results,
    fanout,
    hash,
    login,
    probeIdle,
    probeDuringLogin,
    loginDuringProbe,
  }
}

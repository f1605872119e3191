import { fileURLToPath } from 'node:url'
import { writeSection } from './markdown'
import { readOptions } from './options'
import { renderProfile, runProfile } from './profile'
import { log } from './progress'
import { renderRun } from './report'
import { runBench } from './run-bench'
import { openSession } from './session'
import { renderSoak, runSoak } from './soak'

const resultsFile = fileURLToPath(new URL('../RESULTS.md', import.meta.url))

const options = readOptions()
const session = await openSession(options)
let interrupted = false
process.once('SIGINT', () => {
  interrupted = true
  log('interrupted: stopping the servers and dropping the database')
  void session.close().finally(() => process.exit(130))
})

try {
  if (options.mode === 'bench') {
    const run = await runBench(session, options)
    writeSection(resultsFile, 'run', renderRun(await session.finish('pnpm bench'), run))
  } else if (options.mode === 'soak') {
    const soak = await runSoak(session, options)
    writeSection(resultsFile, 'soak', renderSoak(await session.finish('pnpm bench --soak'), soak))
  } else {
    const profile = await runProfile(session, options)
    const context = await session.finish('pnpm bench --profile')
    writeSection(resultsFile, 'profile-data', renderProfile(context, profile))
  }
  log('written to bench/RESULTS.md')
} catch (error) {
  if (!interrupted) {
    console.error(error)
    process.exitCode = 1
  }
} finally {
  await session.close()
}

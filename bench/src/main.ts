import { fileURLToPath } from 'node:url'
import { writeSection } from './markdown'
import { readOptions } from './options'
import { renderProfile, runProfile } from './profile'
import { log } from './progress'
import { renderRun } from './report'
import { runBench } from './run-bench'
import { currentNode, renderRuntimes, runOnEachNode, savedRuntimes, saveRun } from './runtimes'
import { openSession } from './session'
import { renderSoak, runSoak } from './soak'

const resultsFile = fileURLToPath(new URL('../RESULTS.md', import.meta.url))

const options = readOptions()

if (options.nodes.length > 1 || options.nodes[0] !== currentNode) {
  // Another runtime, or several: one child bench per runtime, then the side-by-side table.
  const succeeded = runOnEachNode(options, process.argv.slice(2))
  if (options.mode === 'bench') {
    const section = renderRuntimes(options.nodes)
    if (section) writeSection(resultsFile, 'runtimes', section)
  }
  if (succeeded.length < options.nodes.length) process.exitCode = 1
} else {
  await runHere()
}

/** Every measurement of this mode, on the Node.js running this process. */
async function runHere(): Promise<void> {
  const suffix = `-node${currentNode}`
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
      const context = await session.finish(`pnpm bench --node ${currentNode}`)
      writeSection(resultsFile, `run${suffix}`, renderRun(context, run))
      saveRun(currentNode, { context, run })
      // Beside every runtime that has run here (each saved its figures in bench/results/).
      const section = renderRuntimes(savedRuntimes())
      if (section) writeSection(resultsFile, 'runtimes', section)
    } else if (options.mode === 'soak') {
      const soak = await runSoak(session, options)
      const context = await session.finish(`pnpm bench --soak --node ${currentNode}`)
      writeSection(resultsFile, `soak${suffix}`, renderSoak(context, soak))
    } else {
      const profile = await runProfile(session, options)
      const context = await session.finish(`pnpm bench --profile --node ${currentNode}`)
      writeSection(resultsFile, `profile-data${suffix}`, renderProfile(context, profile))
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
}

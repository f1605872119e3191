import { FirstAdminError } from '@inkwell/api'
import { ConfigError, loadConfig } from './config'
import { createLogger } from './logger'
import { startServer } from './start'

// The process entry point: config, start, and a graceful stop on SIGTERM / SIGINT.
let config: ReturnType<typeof loadConfig>
try {
  config = loadConfig()
} catch (error) {
  if (!(error instanceof ConfigError)) throw error
  console.error(error.message)
  process.exit(1)
}

const logger = createLogger(config.LOG_LEVEL)
const server = await startServer(config, logger).catch((error: unknown) => {
  logger.fatal({ err: error }, 'start-up failed')
  // A configuration the operator must change: say so plainly, as for a bad variable.
  if (error instanceof FirstAdminError) console.error(error.message)
  process.exit(1)
})

let stopping = false
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down')
    server.stop().then(
      () => {
        logger.info('stopped')
        process.exit(0)
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed')
        process.exit(1)
      },
    )
  })
}

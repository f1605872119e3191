export {
  type AppOptions,
  BODY_LIMIT_BYTES,
  createApp,
  UPLOAD_BODY_LIMIT_BYTES,
  UPLOAD_PATH,
} from './app'
export { type Config, ConfigError, configSchema, loadConfig } from './config'
export { createLogger, type Logger } from './logger'
export { openServerResources, type ServerResources } from './server-resources'
export { type RunningServer, startServer } from './start'
export { builtWebAppRoot, serveWebApp, type WebAppOptions } from './static-app'
export { MAX_BATCH_SIZE } from './trpc-handler'

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config'
import { startServer } from '../src/start'
import { memoryLog } from './helpers'

const dataDir = mkdtempSync(join(tmpdir(), 'inkwell-start-failure-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

describe('startServer when the database cannot be reached', () => {
  it('fails with the connection error instead of listening', async () => {
    const config = loadConfig({
      // Nothing listens on port 1.
      DATABASE_URL: 'postgres://inkwell@127.0.0.1:1/inkwell',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
    })
    const failure = await startServer(config, memoryLog().logger).then(
      () => undefined,
      (error: unknown) => error,
    )
    expect(failure).toBeInstanceOf(Error)
    expect(failure).toMatchObject({ code: 'ECONNREFUSED' })
  })
})

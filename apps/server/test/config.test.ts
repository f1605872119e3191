import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../src/config'

/** The message loadConfig throws for `env`, or fails the test if it accepts it. */
function rejection(env: Record<string, string>): string {
  try {
    loadConfig(env)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as ConfigError).message
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`)
}

describe('loadConfig', () => {
  it('runs with nothing set, on development defaults', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({
      PORT: 3000,
      PUBLIC_URL: 'http://localhost:3000',
      APP_ORIGINS: ['http://localhost:3000'],
      RATE_LIMITS: true,
      TRUST_PROXY: 0,
      WORKER: true,
    })
    expect(config.DATABASE_URL).toBeUndefined()
    expect(config.FIRST_ADMIN_EMAIL).toBeUndefined()
  })

  it('bounds statements and slow clients by default', () => {
    expect(loadConfig({})).toMatchObject({
      DB_STATEMENT_TIMEOUT_MS: 15_000,
      HTTP_HEADERS_TIMEOUT_MS: 20_000,
      HTTP_REQUEST_TIMEOUT_MS: 120_000,
      HTTP_KEEP_ALIVE_TIMEOUT_MS: 65_000,
    })
    expect(loadConfig({ DB_STATEMENT_TIMEOUT_MS: '0' }).DB_STATEMENT_TIMEOUT_MS).toBe(0)
  })

  it('accepts the documented .env.example as it is', () => {
    const example = readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8')
    const env = Object.fromEntries(
      example
        .split('\n')
        .filter((line) => /^[A-Z_]+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    )
    expect(Object.keys(env)).toContain('FIRST_ADMIN_EMAIL')
    const config = loadConfig(env)
    expect(config.PORT).toBe(3000)
    expect(config.FIRST_ADMIN_EMAIL).toBeUndefined()
  })

  it('treats an empty variable as unset', () => {
    const config = loadConfig({ PORT: '', DATABASE_URL: '', APP_ORIGINS: ' ', TRUST_PROXY: '' })
    expect(config.PORT).toBe(3000)
    expect(config.DATABASE_URL).toBeUndefined()
    expect(config.APP_ORIGINS).toEqual(['http://localhost:3000'])
    expect(config.TRUST_PROXY).toBe(0)
  })

  it('reads good values', () => {
    const config = loadConfig({
      PORT: '0',
      DATABASE_URL: 'postgresql://u:p@db.internal:5432/inkwell',
      REDIS_URL: 'rediss://cache.internal:6380',
      PUBLIC_URL: 'HTTPS://Inkwell.Example/',
      APP_ORIGINS: 'https://app.inkwell.example/, http://localhost:5173',
      RATE_LIMITS: 'off',
      TRUST_PROXY: '2',
      WORKER: 'off',
      FIRST_ADMIN_EMAIL: 'root@inkwell.example',
      FIRST_ADMIN_PASSWORD: 'a long admin passphrase',
      METRICS_TOKEN: '0123456789abcdef0123',
    })
    expect(config).toMatchObject({
      PORT: 0,
      PUBLIC_URL: 'https://inkwell.example',
      // As browsers send them in Origin: no trailing slash.
      APP_ORIGINS: ['https://app.inkwell.example', 'http://localhost:5173'],
      RATE_LIMITS: false,
      TRUST_PROXY: 2,
      WORKER: false,
      METRICS_TOKEN: '0123456789abcdef0123',
    })
  })

  it.each([
    ['PORT', { PORT: 'abc' }],
    ['PORT', { PORT: '70000' }],
    ['PORT', { PORT: '-1' }],
    ['PORT', { PORT: '80.5' }],
    ['PORT', { PORT: '0x50' }],
    ['PORT', { PORT: '8e3' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://db/inkwell' }],
    ['DATABASE_URL', { DATABASE_URL: 'memory://somewhere' }],
    ['DATABASE_URL', { DATABASE_URL: './data.db' }],
    ['REDIS_URL', { REDIS_URL: 'http://cache:6379' }],
    ['REDIS_URL', { REDIS_URL: 'localhost:6379' }],
    ['PUBLIC_URL', { PUBLIC_URL: 'inkwell.example' }],
    ['PUBLIC_URL', { PUBLIC_URL: 'ftp://inkwell.example' }],
    ['APP_ORIGINS', { APP_ORIGINS: 'https://ok.example,app.example' }],
    ['APP_ORIGINS', { APP_ORIGINS: 'https://app.example/path' }],
    ['RATE_LIMITS', { RATE_LIMITS: 'disabled' }],
    ['WORKER', { WORKER: 'false' }],
    ['TRUST_PROXY', { TRUST_PROXY: 'true' }],
    ['SMTP_URL', { SMTP_URL: 'mail.example:25' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'verbose' }],
    ['METRICS_TOKEN', { METRICS_TOKEN: 'short' }],
    ['METRICS_TOKEN', { METRICS_TOKEN: 'a token with spaces in it' }],
    ['DB_STATEMENT_TIMEOUT_MS', { DB_STATEMENT_TIMEOUT_MS: '15s' }],
    ['HTTP_HEADERS_TIMEOUT_MS', { HTTP_HEADERS_TIMEOUT_MS: '0' }],
    ['HTTP_REQUEST_TIMEOUT_MS', { HTTP_REQUEST_TIMEOUT_MS: '0' }],
    ['HTTP_KEEP_ALIVE_TIMEOUT_MS', { HTTP_KEEP_ALIVE_TIMEOUT_MS: '-5' }],
    [
      'HTTP_HEADERS_TIMEOUT_MS',
      { HTTP_HEADERS_TIMEOUT_MS: '30000', HTTP_REQUEST_TIMEOUT_MS: '10000' },
    ],
    ['FIRST_ADMIN_PASSWORD', { FIRST_ADMIN_EMAIL: 'root@inkwell.example' }],
    ['FIRST_ADMIN_EMAIL', { FIRST_ADMIN_PASSWORD: 'a long admin passphrase' }],
    ['FIRST_ADMIN_EMAIL', { FIRST_ADMIN_EMAIL: 'root', FIRST_ADMIN_PASSWORD: 'a long passphrase' }],
    [
      'FIRST_ADMIN_PASSWORD',
      { FIRST_ADMIN_EMAIL: 'root@inkwell.example', FIRST_ADMIN_PASSWORD: 'short' },
    ],
  ])('rejects a bad %s, naming it: %j', (variable, env) => {
    const message = rejection(env)
    expect(message).toMatch(new RegExp(`^\\s*${variable}: .+`, 'm'))
    // Not a dump of zod internals.
    expect(message).not.toMatch(/"code"|ZodError|\bat\s+\S+:\d+/)
  })

  it('names every bad variable at once', () => {
    const message = rejection({ PORT: 'abc', REDIS_URL: 'nope', LOG_LEVEL: 'loud' })
    expect(message).toMatch(/^\s*PORT: /m)
    expect(message).toMatch(/^\s*REDIS_URL: /m)
    expect(message).toMatch(/^\s*LOG_LEVEL: /m)
  })

  it('says a half-set first admin needs the other variable', () => {
    expect(rejection({ FIRST_ADMIN_EMAIL: 'root@inkwell.example' })).toMatch(
      /^\s*FIRST_ADMIN_PASSWORD: must be set too, since FIRST_ADMIN_EMAIL is/m,
    )
    expect(rejection({ FIRST_ADMIN_PASSWORD: 'a long admin passphrase' })).toMatch(
      /^\s*FIRST_ADMIN_EMAIL: must be set too, since FIRST_ADMIN_PASSWORD is/m,
    )
  })

  it('never echoes the first admin password it rejects', () => {
    const message = rejection({ FIRST_ADMIN_EMAIL: 'root', FIRST_ADMIN_PASSWORD: 'sekrit-pass-1' })
    expect(message).not.toContain('sekrit-pass-1')
  })

  it('never echoes the metrics token it rejects', () => {
    expect(rejection({ METRICS_TOKEN: 'sekrit tok' })).not.toContain('sekrit')
  })
})

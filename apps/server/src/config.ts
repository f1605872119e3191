import { z } from 'zod'

const flag = (truthy: string, falsy: string) =>
  z.enum([truthy, falsy]).transform((value) => value === truthy)

// Digits only: `z.coerce.number()` would take `0x10`, `1e3` or ` ` (as 0) for a port.
const integer = (min: number, max: number) => {
  const hint = `must be a whole number from ${min} to ${max}`
  return z
    .string()
    .regex(/^\d+$/, { error: hint })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: hint })
}

const optionalUrl = (protocols: RegExp, hint: string) =>
  z
    .string()
    .optional()
    .refine((value) => value === undefined || protocols.test(value), { error: hint })

/** `https://app.example.com/` -> `https://app.example.com`: the form browsers send in `Origin`. */
const origins = z.string().transform((value, ctx) => {
  const list: string[] = []
  for (const entry of value.split(',').map((o) => o.trim())) {
    if (!entry) continue
    const url = URL.canParse(entry) ? new URL(entry) : null
    if (!url || !/^https?:$/.test(url.protocol) || url.pathname !== '/' || url.search || url.hash) {
      ctx.issues.push({
        code: 'custom',
        input: entry,
        message: `"${entry}" is not an origin like https://app.example.com`,
      })
      continue
    }
    list.push(url.origin)
  }
  return list
})

/** Every environment variable the server reads. All optional; defaults suit development. */
export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
    PORT: integer(0, 65_535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATABASE_URL: optionalUrl(
      /^(postgres(ql)?:\/\/|memory:\/\/$)/,
      'must be postgres://…, memory:// or unset',
    ),
    DATA_DIR: z.string().min(1).default('.data'),
    WEB_ROOT: z.string().min(1).optional(),
    DB_POOL_SIZE: integer(1, 1000).default(20),
    // PostgreSQL cancels a statement running longer (0: no limit). Migrations are exempt.
    DB_STATEMENT_TIMEOUT_MS: integer(0, 3_600_000).default(15_000),
    // A client must send its headers, and then its whole request, within these.
    HTTP_HEADERS_TIMEOUT_MS: integer(100, 600_000).default(20_000),
    HTTP_REQUEST_TIMEOUT_MS: integer(100, 3_600_000).default(120_000),
    // An idle keep-alive connection is closed after this; above the idle timeout of a load
    // balancer in front (60 s on the common ones), so that it is the balancer that closes.
    HTTP_KEEP_ALIVE_TIMEOUT_MS: integer(100, 600_000).default(65_000),
    REDIS_URL: optionalUrl(/^rediss?:\/\//, 'must be redis://… or rediss://…'),
    PUBLIC_URL: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .default('http://localhost:3000'),
    APP_ORIGINS: origins.optional(),
    SMTP_URL: optionalUrl(/^smtps?:\/\//, 'must be smtp://… or smtps://…'),
    MAIL_FROM: z.string().min(3).default('Inkwell <no-reply@inkwell.local>'),
    FIRST_ADMIN_EMAIL: z.email({ error: 'must be an email address' }).optional(),
    FIRST_ADMIN_PASSWORD: z
      .string()
      .min(8, { error: 'must have at least 8 characters' })
      .max(256)
      .optional(),
    RATE_LIMITS: flag('on', 'off').default(true),
    // off: this instance serves the API and enqueues jobs, but runs none (nor any schedule).
    WORKER: flag('on', 'off').default(true),
    TRUST_PROXY: integer(0, 10).default(0),
    // Serves GET /metrics to `Authorization: Bearer <token>`; unset, /metrics is a 404.
    METRICS_TOKEN: z
      .string()
      .regex(/^\S{16,256}$/, { error: 'must be 16 to 256 characters without spaces' })
      .optional(),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
  })
  .superRefine((c, ctx) => {
    if (c.HTTP_HEADERS_TIMEOUT_MS > c.HTTP_REQUEST_TIMEOUT_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['HTTP_HEADERS_TIMEOUT_MS'],
        message: 'must not be above HTTP_REQUEST_TIMEOUT_MS (the headers are part of the request)',
      })
    }
    // Name the one that is missing: that is the variable to fix.
    const [set, missing] = c.FIRST_ADMIN_EMAIL
      ? ['FIRST_ADMIN_EMAIL', 'FIRST_ADMIN_PASSWORD']
      : ['FIRST_ADMIN_PASSWORD', 'FIRST_ADMIN_EMAIL']
    if (Boolean(c.FIRST_ADMIN_EMAIL) !== Boolean(c.FIRST_ADMIN_PASSWORD)) {
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: `must be set too, since ${set} is (set both or neither)`,
      })
    }
  })
  .transform((c) => {
    // Through URL, so `HTTPS://Inkwell.Example/` reads as https (the Secure cookie depends on it).
    const publicUrl = new URL(c.PUBLIC_URL).href.replace(/\/+$/, '')
    const appOrigins = c.APP_ORIGINS?.length ? c.APP_ORIGINS : [new URL(publicUrl).origin]
    return { ...c, PUBLIC_URL: publicUrl, APP_ORIGINS: appOrigins }
  })

export type Config = z.infer<typeof configSchema>

export class ConfigError extends Error {}

/**
 * Reads and validates the configuration. An empty variable counts as unset (`PORT=` in an env
 * file means the default, not port 0). Throws a ConfigError whose message names each bad
 * variable, e.g. `PORT: must be a whole number from 0 to 65535`.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const set = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  )
  const result = configSchema.safeParse(set)
  if (result.success) return result.data
  const lines = result.error.issues.map(
    (issue) => `  ${issue.path.join('.') || 'config'}: ${issue.message}`,
  )
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`)
}

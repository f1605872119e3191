import { z } from 'zod'

const flag = (truthy: string, falsy: string) =>
  z.enum([truthy, falsy]).transform((value) => value === truthy)

const optionalUrl = (protocols: RegExp, hint: string) =>
  z
    .string()
    .optional()
    .transform((value) => value || undefined)
    .refine((value) => value === undefined || protocols.test(value), { error: hint })

/** Every environment variable the server reads. All optional; defaults suit development. */
export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
    PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    DATABASE_URL: optionalUrl(
      /^(postgres(ql)?:\/\/|memory:\/\/$)/,
      'must be postgres://…, memory:// or unset',
    ),
    DATA_DIR: z.string().min(1).default('.data'),
    DB_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(20),
    REDIS_URL: optionalUrl(/^rediss?:\/\//, 'must be redis://… or rediss://…'),
    PUBLIC_URL: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .default('http://localhost:3000'),
    APP_ORIGINS: z.string().optional(),
    SMTP_URL: optionalUrl(/^smtps?:\/\//, 'must be smtp://… or smtps://…'),
    MAIL_FROM: z.string().min(3).default('Inkwell <no-reply@inkwell.local>'),
    FIRST_ADMIN_EMAIL: z.email({ error: 'must be an email address' }).optional(),
    FIRST_ADMIN_PASSWORD: z
      .string()
      .min(8, { error: 'must have at least 8 characters' })
      .max(256)
      .optional(),
    RATE_LIMITS: flag('on', 'off').default(true),
    TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
  })
  .refine((c) => Boolean(c.FIRST_ADMIN_EMAIL) === Boolean(c.FIRST_ADMIN_PASSWORD), {
    path: ['FIRST_ADMIN_PASSWORD'],
    error: 'FIRST_ADMIN_EMAIL and FIRST_ADMIN_PASSWORD go together: set both or neither',
  })
  .transform((c) => {
    const publicUrl = c.PUBLIC_URL.replace(/\/+$/, '')
    const appOrigins = c.APP_ORIGINS
      ? c.APP_ORIGINS.split(',')
          .map((o) => o.trim())
          .filter(Boolean)
      : [new URL(publicUrl).origin]
    return { ...c, PUBLIC_URL: publicUrl, APP_ORIGINS: appOrigins }
  })

export type Config = z.infer<typeof configSchema>

export class ConfigError extends Error {}

/**
 * Reads and validates the configuration. Throws a ConfigError whose message names each bad
 * variable, e.g. `PORT: Invalid input: expected number, received NaN`.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = configSchema.safeParse(env)
  if (result.success) return result.data
  const lines = result.error.issues.map(
    (issue) => `  ${issue.path.join('.') || 'config'}: ${issue.message}`,
  )
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`)
}

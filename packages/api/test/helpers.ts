import { TRPCError } from '@trpc/server'
import { getErrorShape } from '@trpc/server/unstable-core-do-not-import'
import { expect } from 'vitest'
import type { AppCode } from '../src/app-error'
import type { ErrorShape } from '../src/error-formatter'
import { appRouter } from '../src/root'
import type { TestHarness } from '../src/testing'

/** A password that passes every rule: long enough and not on the common list. */
export const PASSWORD = 'correct horse battery staple'

let sequence = 0

/** An email no other test of the file uses. */
export function uniqueEmail(label = 'user'): string {
  sequence++
  return `${label}-${sequence}-${crypto.randomUUID().slice(0, 8)}@example.com`
}

let ipSequence = 0

/** A client address no other test of the file uses, so rate-limit counters stay apart. */
export function uniqueIp(): string {
  ipSequence++
  return `10.${(ipSequence >> 16) & 255}.${(ipSequence >> 8) & 255}.${ipSequence & 255}`
}

/**
 * The error a failed call would send over HTTP: the router's own error formatter applied, so
 * `data.appCode`, `data.httpStatus` and `data.fieldErrors` are what a client sees.
 */
export async function wireError(call: Promise<unknown>): Promise<ErrorShape> {
  let caught: unknown
  try {
    await call
  } catch (error) {
    caught = error
  }
  if (caught === undefined) throw new Error('expected the call to fail, but it succeeded')
  if (!(caught instanceof TRPCError)) throw caught
  return getErrorShape({
    config: appRouter._def._config,
    error: caught,
    type: 'unknown',
    path: undefined,
    input: undefined,
    ctx: undefined,
  }) as ErrorShape
}

/** Asserts that `call` fails with `appCode` (and its HTTP status); returns the wire error. */
export async function expectAppError(
  call: Promise<unknown>,
  appCode: AppCode,
  httpStatus?: number,
): Promise<ErrorShape> {
  const error = await wireError(call)
  expect(error.data.appCode).toBe(appCode)
  if (httpStatus !== undefined) expect(error.data.httpStatus).toBe(httpStatus)
  return error
}

export interface Account {
  readonly id: string
  readonly email: string
  readonly password: string
  readonly token: string
}

/** Registers a fresh account through the API and returns its credentials and session token. */
export async function signUp(
  h: TestHarness,
  options: { email?: string; password?: string; name?: string; ip?: string } = {},
): Promise<Account> {
  const email = options.email ?? uniqueEmail()
  const password = options.password ?? PASSWORD
  const issued = await h
    .caller({ ip: options.ip ?? uniqueIp() })
    .auth.register({ email, password, name: options.name ?? 'Test User' })
  return { id: issued.user.id, email: issued.user.email, password, token: issued.session.token }
}

/** Registers a fresh account and makes it an admin. */
export async function signUpAdmin(h: TestHarness): Promise<Account> {
  const account = await signUp(h, { name: 'Admin' })
  await h.db.kysely
    .updateTable('users')
    .set({ role: 'admin' })
    .where('id', '=', account.id)
    .execute()
  return account
}

/** Signs in again: a second session of the same account. */
export async function signIn(h: TestHarness, account: Account, ip = uniqueIp()): Promise<string> {
  const issued = await h
    .caller({ ip })
    .auth.login({ email: account.email, password: account.password })
  return issued.session.token
}

/** True when `token` is a live session (users.me answers). */
export async function isSignedIn(h: TestHarness, token: string): Promise<boolean> {
  try {
    await h.caller({ token }).users.me()
    return true
  } catch (error) {
    if (error instanceof TRPCError && error.code === 'UNAUTHORIZED') return false
    throw error
  }
}

export type MailKind = 'reset-password' | 'verify-email'

/**
 * Waits for the next mail of `kind` to `email` that arrived after `since` mails had been
 * received (pass `h.smtp.received.length` taken before the action), and returns its link token.
 */
export async function mailedToken(
  h: TestHarness,
  email: string,
  kind: MailKind,
  since = 0,
): Promise<string> {
  const pattern = new RegExp(`/${kind}\\?token=([a-z0-9]+)`)
  const mail = await h.smtp.waitFor(
    (m) => h.smtp.received.indexOf(m) >= since && m.to.includes(email) && pattern.test(m.text),
  )
  const token = pattern.exec(mail.text)?.[1]
  if (!token) throw new Error('no token in the mail')
  return token
}

/** The `Set-Cookie` values of the last call. */
export function setCookies(h: TestHarness): string[] {
  return h.lastHeaders().getSetCookie()
}

/** Polls `check` every 10 ms until it holds (true) or 5 s pass (false). */
export async function eventually(check: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + 5_000
  while (Date.now() < deadline) {
    if (await check()) return true
    await new Promise((r) => setTimeout(r, 10))
  }
  return false
}

/** Polls `check` until it is true, or fails after `timeoutMs`. */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

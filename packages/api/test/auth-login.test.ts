import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestHarness, type TestHarness } from '../src/testing'
import {
  type Account,
  expectAppError,
  isSignedIn,
  setCookies,
  signUp,
  signUpAdmin,
  uniqueEmail,
  uniqueIp,
  wireError,
} from './helpers'

// Real rate limits: the per-account back-off is part of login's behaviour.
let h: TestHarness
let admin: Account
beforeAll(async () => {
  h = await createTestHarness({ rateLimits: true })
  admin = await signUpAdmin(h)
})
afterAll(() => h.close())

/** Each attempt from its own address, so only the per-account counter is in play. */
const login = (email: string, password: string) =>
  h.caller({ ip: uniqueIp() }).auth.login({ email, password })

describe('auth.login', () => {
  it('signs in with the right password: a new session, the cookie, the public user', async () => {
    const account = await signUp(h, { name: 'Grace' })
    const issued = await h
      .caller({ ip: '198.51.100.20', userAgent: 'Login Agent/2.0' })
      .auth.login({ email: account.email, password: account.password })
    expect(issued.user).toMatchObject({ id: account.id, email: account.email, name: 'Grace' })
    expect(issued.user).not.toHaveProperty('passwordHash')
    expect(issued.session.token).not.toBe(account.token)
    expect(setCookies(h)[0]).toMatch(
      new RegExp(`^inkwell_session=${issued.session.token};.*HttpOnly.*SameSite=Lax`),
    )

    // Both sessions live side by side, and the new one records where it came from.
    expect(await isSignedIn(h, account.token)).toBe(true)
    const sessions = await h.caller({ token: issued.session.token }).users.sessions()
    expect(sessions).toHaveLength(2)
    expect(sessions.find((s) => s.current)).toMatchObject({
      ip: '198.51.100.20',
      userAgent: 'Login Agent/2.0',
    })
  })

  it('takes the email in any case and with surrounding spaces', async () => {
    const account = await signUp(h)
    const issued = await login(`  ${account.email.toUpperCase()} `, account.password)
    expect(issued.user.id).toBe(account.id)
  })

  it('answers INVALID_CREDENTIALS, with one and the same message, for every failure', async () => {
    const wrongPassword = await signUp(h)
    const disabled = await signUp(h)
    const deleted = await signUp(h)
    const adminCaller = h.caller({ token: admin.token })
    await adminCaller.admin.users.update({ id: disabled.id, disabled: true })
    await adminCaller.admin.users.delete({ id: deleted.id })

    const failures = [
      await wireError(login(uniqueEmail('nobody'), 'whatever password')),
      await wireError(login(wrongPassword.email, 'not the password')),
      await wireError(login(disabled.email, disabled.password)),
      await wireError(login(deleted.email, deleted.password)),
      await wireError(login('not even an email', 'x')),
    ]
    for (const failure of failures) {
      expect(failure.data.appCode).toBe('INVALID_CREDENTIALS')
      expect(failure.data.httpStatus).toBe(401)
      expect(failure.data.fieldErrors).toBeUndefined()
    }
    // A client (or an attacker) cannot tell the cases apart.
    const bodies = failures.map((f) => JSON.stringify({ message: f.message, data: f.data }))
    expect(new Set(bodies).size).toBe(1)
  })

  it('does not apply the new-password rules to the password typed at login', async () => {
    const account = await signUp(h)
    // Too short for a new password, but a login attempt must be judged by the hash only.
    await expectAppError(login(account.email, 'short'), 'INVALID_CREDENTIALS', 401)
    await expectAppError(login(account.email, ''), 'INVALID_CREDENTIALS', 401)
  })

  it('refuses an oversized password as VALIDATION_FAILED before doing any work', async () => {
    const account = await signUp(h)
    const error = await expectAppError(
      login(account.email, 'x'.repeat(257)),
      'VALIDATION_FAILED',
      400,
    )
    expect(error.data.fieldErrors?.password).toBeDefined()
  })
})

describe('auth.login per-account back-off', () => {
  it('locks the account after five failures, even for the right password, then doubles', async () => {
    const account = await signUp(h)
    for (let i = 0; i < 5; i++) {
      await expectAppError(login(account.email, `wrong ${i}`), 'INVALID_CREDENTIALS', 401)
    }
    // Locked: the right password from a fresh address is refused too. The refused attempt
    // counts, so the one-second lock of the fifth failure is now two.
    const locked = h.caller({ ip: uniqueIp() })
    await expectAppError(
      locked.auth.login({ email: account.email, password: account.password }),
      'RATE_LIMITED',
      429,
    )
    expect(h.lastHeaders().get('retry-after')).toBe('2')

    // Once the lock has run out, one more guess is checked, and locks for four seconds; the
    // next attempt, refused, for eight.
    await sleep(2_100)
    await expectAppError(login(account.email, 'wrong again'), 'INVALID_CREDENTIALS')
    const lockedAgain = h.caller({ ip: uniqueIp() })
    await expectAppError(
      lockedAgain.auth.login({ email: account.email, password: account.password }),
      'RATE_LIMITED',
      429,
    )
    expect(h.lastHeaders().get('retry-after')).toBe('8')
  })

  it('lets the right password in once the lock has run out', async () => {
    const account = await signUp(h)
    for (let i = 0; i < 5; i++) {
      await expectAppError(login(account.email, `wrong ${i}`), 'INVALID_CREDENTIALS', 401)
    }
    await sleep(1_100)
    const issued = await login(account.email, account.password)
    expect(issued.user.id).toBe(account.id)
  })

  it('locks an unknown email the same way, so the lock does not reveal accounts', async () => {
    const email = uniqueEmail('ghost')
    for (let i = 0; i < 5; i++) {
      await expectAppError(login(email, `guess ${i}`), 'INVALID_CREDENTIALS', 401)
    }
    await expectAppError(login(email, 'guess 6'), 'RATE_LIMITED', 429)
  })

  it('counts failures per normalised email', async () => {
    const account = await signUp(h)
    const spellings = [
      account.email,
      account.email.toUpperCase(),
      ` ${account.email}`,
      `${account.email} `,
      account.email.replace(/^./, (c) => c.toUpperCase()),
    ]
    for (const spelling of spellings) {
      await expectAppError(login(spelling, 'wrong'), 'INVALID_CREDENTIALS')
    }
    await expectAppError(login(account.email, account.password), 'RATE_LIMITED', 429)
  })

  it('forgets earlier failures after a successful login', async () => {
    const account = await signUp(h)
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 4; i++) {
        await expectAppError(login(account.email, 'wrong'), 'INVALID_CREDENTIALS')
      }
      const issued = await login(account.email, account.password)
      expect(issued.user.id).toBe(account.id)
    }
  })

  it('does not lock other accounts', async () => {
    const victim = await signUp(h)
    const bystander = await signUp(h)
    for (let i = 0; i < 5; i++)
      await expectAppError(login(victim.email, 'x'), 'INVALID_CREDENTIALS')
    await expectAppError(login(victim.email, victim.password), 'RATE_LIMITED')
    const issued = await login(bystander.email, bystander.password)
    expect(issued.user.id).toBe(bystander.id)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestHarness, type TestHarness } from '../src/testing'
import {
  type Account,
  expectAppError,
  isSignedIn,
  PASSWORD,
  signUp,
  signUpAdmin,
  uniqueEmail,
} from './helpers'

const APP = 'http://app.test'
const DEV = 'http://localhost:5173'

let h: TestHarness
let account: Account
beforeAll(async () => {
  h = await createTestHarness({ settings: { appOrigins: [APP, DEV] } })
  account = await signUp(h, { name: 'Original' })
})
afterAll(() => h.close())

const cookieOf = (token: string) => `inkwell_session=${token}`
const byCookie = (headers: { origin?: string; secFetchSite?: string } = {}) =>
  h.caller({ cookie: cookieOf(account.token), ...headers })
const currentName = async () => (await h.caller({ token: account.token }).users.me()).name

describe('mutations that carry cookies but no session cookie', () => {
  it('are not checked: other cookies of the site are not credentials here', async () => {
    const email = uniqueEmail('othercookie')
    const issued = await h
      .caller({ cookie: 'theme=dark; _ga=GA1.1.1' })
      .auth.register({ email, password: PASSWORD, name: 'Other' })
    expect(issued.user.email).toBe(email)
  })
})

describe('cookie-authenticated mutations', () => {
  it('are refused with CSRF_REJECTED without an Origin, and change nothing', async () => {
    const name = await currentName()
    await expectAppError(byCookie().users.update({ name: 'Forged' }), 'CSRF_REJECTED', 403)
    await expectAppError(byCookie().auth.logout(), 'CSRF_REJECTED', 403)
    await expectAppError(byCookie().users.revokeOtherSessions(), 'CSRF_REJECTED', 403)
    expect(await currentName()).toBe(name)
    expect(await isSignedIn(h, account.token)).toBe(true)
  })

  it('are refused from any origin that is not configured', async () => {
    const name = await currentName()
    for (const origin of [
      'https://evil.example',
      'null',
      'http://app.test.evil.example',
      'https://app.test',
      'http://app.test:8080',
    ]) {
      await expectAppError(
        byCookie({ origin }).users.update({ name: 'Forged' }),
        'CSRF_REJECTED',
        403,
      )
    }
    await expectAppError(
      byCookie({ secFetchSite: 'cross-site' }).users.update({ name: 'Forged' }),
      'CSRF_REJECTED',
    )
    await expectAppError(
      byCookie({ secFetchSite: 'same-site' }).users.update({ name: 'Forged' }),
      'CSRF_REJECTED',
    )
    expect(await currentName()).toBe(name)
  })

  it('go through from each configured origin', async () => {
    expect((await byCookie({ origin: APP }).users.update({ name: 'From App' })).name).toBe(
      'From App',
    )
    expect((await byCookie({ origin: DEV }).users.update({ name: 'From Dev' })).name).toBe(
      'From Dev',
    )
  })

  it('go through with Sec-Fetch-Site: same-origin and no Origin', async () => {
    const updated = await byCookie({ secFetchSite: 'same-origin' }).users.update({ name: 'Same' })
    expect(updated.name).toBe('Same')
  })

  it('protect admin actions too', async () => {
    const admin = await signUpAdmin(h)
    const victim = await signUp(h)
    await expectAppError(
      h
        .caller({ cookie: cookieOf(admin.token), origin: 'https://evil.example' })
        .admin.users.delete({ id: victim.id }),
      'CSRF_REJECTED',
      403,
    )
    expect(await isSignedIn(h, victim.token)).toBe(true)
  })

  it('cover public mutations sent with cookies, such as login or register', async () => {
    const other = await signUp(h)
    await expectAppError(
      byCookie({ origin: 'https://evil.example' }).auth.login({
        email: other.email,
        password: other.password,
      }),
      'CSRF_REJECTED',
      403,
    )
    await expectAppError(
      byCookie().auth.register({ email: uniqueEmail(), password: PASSWORD, name: 'X' }),
      'CSRF_REJECTED',
      403,
    )
  })
})

describe('requests without the check', () => {
  it('queries by cookie need no Origin', async () => {
    expect((await byCookie().users.me()).id).toBe(account.id)
    expect((await byCookie({ origin: 'https://evil.example' }).users.sessions()).length).toBe(1)
  })

  it('bearer-authenticated mutations need no Origin, even with a cookie alongside', async () => {
    const updated = await h
      .caller({ token: account.token, cookie: cookieOf(account.token) })
      .users.update({ name: 'Bearer' })
    expect(updated.name).toBe('Bearer')
    const other = await signUp(h)
    expect(await h.caller({ token: other.token }).auth.logout()).toEqual({ ok: true })
  })

  it('mutations without any cookie need no Origin (scripts, mobile)', async () => {
    const issued = await h
      .caller()
      .auth.register({ email: uniqueEmail(), password: PASSWORD, name: 'Script' })
    expect(issued.user.name).toBe('Script')
  })
})

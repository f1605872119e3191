import { afterAll, beforeAll, expect, it } from 'vitest'
import { createTestHarness, type TestHarness } from '../src/testing'

let h: TestHarness
beforeAll(async () => {
  h = await createTestHarness()
})
afterAll(() => h.close())

it('registers, reads me, and mails a verification link', async () => {
  const issued = await h
    .caller()
    .auth.register({ email: ' Ada@Example.com ', password: 'a long passphrase', name: 'Ada' })
  expect(issued.user.email).toBe('ada@example.com')
  const me = await h.caller({ token: issued.session.token }).users.me()
  expect(me.id).toBe(issued.user.id)
  const mail = await h.smtp.waitFor((m) => m.to.includes('ada@example.com'))
  const token = /verify-email\?token=([a-z0-9]+)/.exec(mail.text)?.[1]
  expect(token).toBeTruthy()
  const verified = await h.caller().auth.verifyEmail({ token: token! })
  expect(verified.emailVerified).toBe(true)
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestHarness, type TestHarness } from '../src/testing'
import {
  expectAppError,
  mailedToken,
  PASSWORD,
  signIn,
  signUp,
  signUpAdmin,
  uniqueIp,
  wireError,
} from './helpers'

let h: TestHarness
beforeAll(async () => {
  h = await createTestHarness()
})
afterAll(() => h.close())

describe('ids are normalised', () => {
  it('an admin cannot demote, disable or delete itself by upper-casing its own id', async () => {
    const admin = await signUpAdmin(h)
    const api = h.caller({ token: admin.token }).admin.users
    const shouting = admin.id.toUpperCase()
    await expectAppError(api.update({ id: shouting, role: 'user' }), 'CANNOT_CHANGE_SELF', 403)
    await expectAppError(api.update({ id: shouting, disabled: true }), 'CANNOT_CHANGE_SELF', 403)
    await expectAppError(api.delete({ id: shouting }), 'CANNOT_CHANGE_SELF', 403)
    expect((await api.get({ id: admin.id })).role).toBe('admin')
  })

  it('finds a note whatever the case of its id', async () => {
    const ada = await signUp(h)
    const notes = h.caller({ token: ada.token }).notes
    const note = await notes.create({ title: 'cased' })
    expect((await notes.get({ id: note.id.toUpperCase() })).id).toBe(note.id)
  })
})

describe('search text made of operators', () => {
  // Deterministic junk: operator characters websearch_to_tsquery gives meaning to, in runs.
  const operators = ['-', ' ', '(', ')', '"', '|', '&', '!', '<', '>', ':', '*', 'or', 'a']
  function junk(seed: number, length: number): string {
    let text = ''
    let x = seed
    for (let i = 0; i < length; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31
      text += operators[x % operators.length]
    }
    return text
  }
  const cases = [
    '-'.repeat(40),
    '-'.repeat(500),
    '- '.repeat(250),
    '-('.repeat(250),
    '-"-'.repeat(160),
    'a -'.repeat(160),
    ...Array.from({ length: 40 }, (_, i) => junk(i + 1, 50 + i * 11)),
  ]

  it('never answers 5xx: a page, or a validation error on the field', async () => {
    const ada = await signUp(h)
    const notes = h.caller({ token: ada.token }).notes
    await notes.create({ title: 'findable', content: 'a word or two' })
    for (const search of cases) {
      try {
        const page = await notes.list({ search })
        expect(Array.isArray(page.items)).toBe(true)
      } catch (error) {
        const shape = await wireError(Promise.reject(error))
        expect(shape.data.httpStatus, `${JSON.stringify(search)}: ${shape.message}`).toBe(400)
        expect(shape.data.appCode).toBe('VALIDATION_FAILED')
      }
    }
  })

  it('means the same with a run of negations as with one', async () => {
    const ada = await signUp(h)
    const notes = h.caller({ token: ada.token }).notes
    await notes.create({ title: 'apples', content: 'green apples' })
    await notes.create({ title: 'pears', content: 'ripe pears' })
    const once = await notes.list({ search: 'apples -pears' })
    const many = await notes.list({ search: 'apples - - - -pears' })
    expect(many.items.map((n) => n.id)).toEqual(once.items.map((n) => n.id))
    expect(once.items).toHaveLength(1)
  })
})

describe('a password change', () => {
  it('cancels the reset links mailed before it', async () => {
    const ada = await signUp(h)
    const since = h.smtp.received.length
    await h.caller({ ip: uniqueIp() }).auth.requestPasswordReset({ email: ada.email })
    const link = await mailedToken(h, ada.email, 'reset-password', since)
    await h.caller({ token: ada.token }).users.changePassword({
      currentPassword: PASSWORD,
      newPassword: 'a brand new passphrase',
    })
    await expectAppError(
      h.caller().auth.resetPassword({ token: link, password: 'the attacker passphrase' }),
      'INVALID_TOKEN',
      400,
    )
  })
})

describe('security events', () => {
  it('records password changes and session revocations, with the client ip', async () => {
    const ada = await signUp(h)
    const ip = '203.0.113.7'
    await signIn(h, ada)
    await signIn(h, ada)
    const sessions = await h.caller({ token: ada.token }).users.sessions()
    const secondId = sessions.find((s) => !s.current)?.id
    expect(secondId).toBeDefined()
    const before = h.securityEvents.length

    await h.caller({ token: ada.token, ip }).users.revokeSession({ id: secondId! })
    await h.caller({ token: ada.token, ip }).users.revokeOtherSessions()
    await h.caller({ token: ada.token, ip }).users.changePassword({
      currentPassword: PASSWORD,
      newPassword: 'another fine passphrase',
    })

    const events = h.securityEvents.slice(before)
    expect(events.map((e) => e.event)).toEqual([
      'session.revoked',
      'sessions.revoked',
      'password.changed',
    ])
    for (const event of events) expect(event).toMatchObject({ ip, actorId: ada.id })
    expect(JSON.stringify(events)).not.toContain('another fine passphrase')
  })

  it('records every admin change, naming actor and target', async () => {
    const admin = await signUpAdmin(h)
    const target = await signUp(h)
    const ip = '198.51.100.4'
    const api = h.caller({ token: admin.token, ip }).admin.users
    const before = h.securityEvents.length
    await api.update({ id: target.id, role: 'admin' })
    await api.update({ id: target.id, disabled: true })
    await api.delete({ id: target.id })
    const events = h.securityEvents.slice(before)
    expect(events).toEqual([
      expect.objectContaining({
        event: 'admin.user.updated',
        ip,
        actorId: admin.id,
        targetId: target.id,
        changes: { role: 'admin' },
      }),
      expect.objectContaining({
        event: 'admin.user.updated',
        actorId: admin.id,
        targetId: target.id,
        changes: { disabled: true },
      }),
      expect.objectContaining({
        event: 'admin.user.deleted',
        actorId: admin.id,
        targetId: target.id,
      }),
    ])
  })
})

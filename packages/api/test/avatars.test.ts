import { createHash } from 'node:crypto'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readAvatar } from '../src'
import { AVATAR_MAX_BYTES } from '../src/images/avatar-encoder'
import { createTestHarness, decompressionBomb, type TestHarness, testImage } from '../src/testing'
import { type Account, expectAppError, signUp } from './helpers'

let h: TestHarness
beforeAll(async () => {
  // Sessions cached as in production: the new avatar must show through the cache at once.
  // The concurrency test below sends 11 uploads at once, more than an instance lets wait (4,
  // shed with SERVICE_BUSY: avatar-encoder.test.ts): here they may all wait.
  h = await createTestHarness({ avatars: { maxWaiting: 16 } })
})
afterAll(() => h.close())

const AVATAR_URL = /^\/avatars\/([0-9a-f]{64})\.webp$/

/** `FormData {file}`, as a browser or `curl -F file=@name` sends it. */
function formWith(bytes: Uint8Array | string, name: string, type = ''): FormData {
  const form = new FormData()
  form.append('file', new File([bytes], name, { type }))
  return form
}

function upload(account: Account, form: FormData) {
  return h.caller({ token: account.token }).users.uploadAvatar(form)
}

/** The stored image behind an avatarUrl. */
async function storedImage(avatarUrl: string | null): Promise<Buffer> {
  const file = avatarUrl?.split('/').pop() ?? ''
  const bytes = await readAvatar(h.deps, file)
  if (!bytes) throw new Error(`no stored image for ${avatarUrl}`)
  return Buffer.from(bytes)
}

async function avatarRows(): Promise<string[]> {
  const rows = await h.db.kysely.selectFrom('avatars').select('hash').execute()
  return rows.map((r) => r.hash).sort()
}

/** The colour of one pixel of an image, as [r, g, b]. */
async function pixel(image: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true })
  const at = (y * info.width + x) * info.channels
  return [data[at], data[at + 1], data[at + 2]].map((v) => v ?? -1)
}

function isRed([r, g, b]: number[]): boolean {
  return (r ?? 0) > 200 && (g ?? 255) < 60 && (b ?? 255) < 60
}
function isBlue([r, g, b]: number[]): boolean {
  return (b ?? 0) > 200 && (r ?? 255) < 60 && (g ?? 255) < 60
}

describe('users.uploadAvatar', () => {
  it('stores a PNG as a 256x256 WebP named by its hash, and users.me shows it at once', async () => {
    const account = await signUp(h)
    const before = await h.caller({ token: account.token }).users.me() // fills the session cache
    expect(before.avatarUrl).toBeNull()

    const png = await testImage('png', { width: 300, height: 200 })
    const user = await upload(account, formWith(png, 'me.png', 'image/png'))
    expect(user).toEqual({ ...before, avatarUrl: expect.stringMatching(AVATAR_URL) })
    expect(await h.caller({ token: account.token }).users.me()).toEqual(user)

    const stored = await storedImage(user.avatarUrl)
    const hash = AVATAR_URL.exec(user.avatarUrl ?? '')?.[1]
    expect(createHash('sha256').update(stored).digest('hex')).toBe(hash)
    const meta = await sharp(stored).metadata()
    expect(meta).toMatchObject({ format: 'webp', width: 256, height: 256 })
    expect(meta.exif).toBeUndefined()
    expect(meta.icc).toBeUndefined()
    expect(meta.xmp).toBeUndefined()
  })

  it('turns a JPEG upright by its EXIF orientation, crops it square, and drops its metadata', async () => {
    const account = await signUp(h)
    // 640x480, red on the left, blue on the right; EXIF says "rotate 90° clockwise to view".
    const jpeg = await sharp({
      create: { width: 640, height: 480, channels: 3, background: 'red' },
    })
      .composite([
        {
          input: { create: { width: 320, height: 480, channels: 3, background: 'blue' } },
          left: 320,
          top: 0,
        },
      ])
      .jpeg()
      .withExif({ IFD0: { Make: 'Spy Camera', Copyright: 'Where I live' } })
      .withMetadata({ orientation: 6 })
      .toBuffer()
    const source = await sharp(jpeg).metadata()
    expect(source.exif).toBeDefined()
    expect(source.orientation).toBe(6)

    const user = await upload(account, formWith(jpeg, 'photo.jpg', 'image/jpeg'))
    const stored = await storedImage(user.avatarUrl)
    const meta = await sharp(stored).metadata()
    expect(meta).toMatchObject({ format: 'webp', width: 256, height: 256 })
    expect(meta.exif).toBeUndefined()
    expect(meta.orientation).toBeUndefined()
    expect(stored.includes('Spy Camera')).toBe(false)
    // Upright, the left half (red) is on top.
    expect(isRed(await pixel(stored, 128, 20))).toBe(true)
    expect(isBlue(await pixel(stored, 128, 235))).toBe(true)
  })

  it('takes WebP, and the first frame of an animated GIF', async () => {
    const account = await signUp(h)
    const webp = await testImage('webp', { width: 512, height: 512 })
    const fromWebp = await upload(account, formWith(webp, 'me.webp'))
    expect(await sharp(await storedImage(fromWebp.avatarUrl)).metadata()).toMatchObject({
      format: 'webp',
      width: 256,
      height: 256,
    })

    const red = await testImage('png', { width: 40, height: 40, color: 'red' })
    const blue = await testImage('png', { width: 40, height: 40, color: 'blue' })
    const gif = await sharp([red, blue], { join: { animated: true } })
      .gif()
      .toBuffer()
    expect((await sharp(gif).metadata()).pages).toBe(2)
    const fromGif = await upload(account, formWith(gif, 'me.gif'))
    const stored = await storedImage(fromGif.avatarUrl)
    const meta = await sharp(stored).metadata()
    expect(meta).toMatchObject({ format: 'webp', width: 256, height: 256 })
    expect(meta.pages ?? 1).toBe(1)
    expect(isRed(await pixel(stored, 128, 128))).toBe(true)
  })

  it('judges by content, not by name or declared type', async () => {
    const account = await signUp(h)
    const jpeg = await testImage('jpeg')
    const user = await upload(account, formWith(jpeg, 'notes.txt', 'text/plain'))
    expect(user.avatarUrl).toMatch(AVATAR_URL)
  })

  it('refuses a text file named .png as UNSUPPORTED_FILE', async () => {
    const account = await signUp(h)
    await expectAppError(
      upload(account, formWith('just some text, honest\n', 'me.png', 'image/png')),
      'UNSUPPORTED_FILE',
      400,
    )
  })

  it('refuses an SVG as UNSUPPORTED_FILE, whatever it is called', async () => {
    const account = await signUp(h)
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><script>alert(1)</script><rect width="64" height="64" fill="red"/></svg>'
    await expectAppError(
      upload(account, formWith(svg, 'me.svg', 'image/svg+xml')),
      'UNSUPPORTED_FILE',
      400,
    )
    await expectAppError(
      upload(account, formWith(svg, 'me.png', 'image/png')),
      'UNSUPPORTED_FILE',
      400,
    )
  })

  it('refuses an image type that is not on the list (TIFF, AVIF) as UNSUPPORTED_FILE', async () => {
    const account = await signUp(h)
    for (const format of ['tiff', 'avif'] as const) {
      const image = await testImage(format)
      await expectAppError(
        upload(account, formWith(image, `me.${format}`)),
        'UNSUPPORTED_FILE',
        400,
      )
    }
  })

  it('refuses a corrupt image as UNSUPPORTED_FILE', async () => {
    const account = await signUp(h)
    const png = await testImage('png', { width: 400, height: 400 })
    const truncated = png.subarray(0, Math.floor(png.length / 2))
    await expectAppError(upload(account, formWith(truncated, 'cut.png')), 'UNSUPPORTED_FILE', 400)
    const garbled = Buffer.concat([png.subarray(0, 64), Buffer.alloc(2048, 0x41)])
    await expectAppError(upload(account, formWith(garbled, 'bad.png')), 'UNSUPPORTED_FILE', 400)
    await expectAppError(upload(account, formWith('', 'empty.png')), 'UNSUPPORTED_FILE', 400)
  })

  it('refuses a decompression bomb (a few KB claiming 144 megapixels) as UNSUPPORTED_FILE', async () => {
    const account = await signUp(h)
    const bomb = decompressionBomb(12_000, 12_000)
    expect(bomb.length).toBeLessThan(64 * 1024)
    await expectAppError(upload(account, formWith(bomb, 'bomb.png')), 'UNSUPPORTED_FILE', 400)
  })

  it('refuses a file over 5 MiB with 413 PAYLOAD_TOO_LARGE; 5 MiB exactly is taken', async () => {
    const account = await signUp(h)
    const png = await testImage('png', { color: '#5a5a00' })
    // A real PNG followed by zeros up to the size wanted (decoders stop at its end).
    const padded = (size: number) => {
      const bytes = Buffer.alloc(size)
      png.copy(bytes)
      return bytes
    }
    await expectAppError(
      upload(account, formWith(padded(AVATAR_MAX_BYTES + 1), 'big.png')),
      'PAYLOAD_TOO_LARGE',
      413,
    )
    expect((await h.caller({ token: account.token }).users.me()).avatarUrl).toBeNull()
    const user = await upload(account, formWith(padded(AVATAR_MAX_BYTES), 'limit.png'))
    expect(user.avatarUrl).toMatch(AVATAR_URL)
  })

  it('needs a file in the form field "file": VALIDATION_FAILED otherwise', async () => {
    const account = await signUp(h)
    const png = await testImage('png')
    const wrongField = new FormData()
    wrongField.append('image', new File([png], 'me.png'))
    const noFile = await expectAppError(upload(account, wrongField), 'VALIDATION_FAILED', 400)
    expect(Object.keys(noFile.data.fieldErrors ?? {})).toEqual(['file'])
    const text = new FormData()
    text.append('file', 'me.png')
    await expectAppError(upload(account, text), 'VALIDATION_FAILED', 400)
    // JSON is not FormData.
    await expectAppError(
      h
        .caller({ token: account.token })
        .users.uploadAvatar({ file: 'me.png' } as unknown as FormData),
      'VALIDATION_FAILED',
      400,
    )
  })

  it('is NOT_AUTHENTICATED without a session', async () => {
    const png = await testImage('png')
    await expectAppError(
      h.caller().users.uploadAvatar(formWith(png, 'me.png')),
      'NOT_AUTHENTICATED',
      401,
    )
    await expectAppError(h.caller().users.deleteAvatar(), 'NOT_AUTHENTICATED', 401)
  })
})

describe('replacing and deleting', () => {
  it('a new image is a new URL; the old one is gone once no one uses it', async () => {
    const account = await signUp(h)
    // Colours no other test uses: an image someone else has stays.
    const first = await upload(
      account,
      formWith(await testImage('png', { color: '#a1b2c3' }), 'a.png'),
    )
    const second = await upload(
      account,
      formWith(await testImage('png', { color: '#c3b2a1' }), 'b.png'),
    )
    expect(second.avatarUrl).toMatch(AVATAR_URL)
    expect(second.avatarUrl).not.toBe(first.avatarUrl)
    expect(await readAvatar(h.deps, first.avatarUrl?.split('/').pop() ?? '')).toBeNull()
    await storedImage(second.avatarUrl)
  })

  it('users.deleteAvatar sets avatarUrl back to null, at once, and drops the image', async () => {
    const account = await signUp(h)
    const user = await upload(account, formWith(await testImage('png', { color: 'navy' }), 'a.png'))
    await h.caller({ token: account.token }).users.me() // cached with the avatar
    const cleared = await h.caller({ token: account.token }).users.deleteAvatar()
    expect(cleared).toEqual({ ...user, avatarUrl: null })
    expect((await h.caller({ token: account.token }).users.me()).avatarUrl).toBeNull()
    expect(await readAvatar(h.deps, user.avatarUrl?.split('/').pop() ?? '')).toBeNull()
    // Again: nothing to remove, same answer.
    expect(await h.caller({ token: account.token }).users.deleteAvatar()).toEqual(cleared)
  })

  it("leaves another user's avatar alone, even when it is the same image", async () => {
    const ada = await signUp(h)
    const bob = await signUp(h)
    const png = await testImage('png', { color: 'orange' })
    const bobs = await upload(bob, formWith(png, 'bob.png'))
    const adas = await upload(ada, formWith(png, 'ada.png'))
    expect(adas.avatarUrl).toBe(bobs.avatarUrl) // one stored copy
    const hash = AVATAR_URL.exec(bobs.avatarUrl ?? '')?.[1] ?? ''
    expect((await avatarRows()).filter((r) => r === hash)).toHaveLength(1)

    await upload(ada, formWith(await testImage('png', { color: 'purple' }), 'new.png'))
    await h.caller({ token: ada.token }).users.deleteAvatar()
    expect(await h.caller({ token: bob.token }).users.me()).toEqual(bobs)
    await storedImage(bobs.avatarUrl)

    await h.caller({ token: bob.token }).users.deleteAvatar()
    expect(await avatarRows()).not.toContain(hash)
  })

  it('keeps every reference valid and leaves no orphan under concurrent uploads and deletes', async () => {
    const people = await Promise.all([signUp(h), signUp(h), signUp(h)])
    const images = await Promise.all(
      ['#111111', '#222222', '#333333'].map((color) => testImage('png', { color })),
    )
    const calls = []
    for (let round = 0; round < 4; round++) {
      for (const [i, person] of people.entries()) {
        const image = images[(i + round) % images.length] as Buffer
        calls.push(
          round === 2 && i === 1
            ? h.caller({ token: person.token }).users.deleteAvatar()
            : upload(person, formWith(image, 'x.png')),
        )
      }
    }
    await Promise.all(calls)

    const users = await h.db.kysely
      .selectFrom('users')
      .select('avatar_hash')
      .where(
        'id',
        'in',
        people.map((p) => p.id),
      )
      .execute()
    const stored = await avatarRows()
    for (const { avatar_hash } of users) {
      if (avatar_hash !== null) expect(stored).toContain(avatar_hash)
    }
    const orphans = await h.db.kysely
      .selectFrom('avatars')
      .select('hash')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('users')
              .select('users.id')
              .whereRef('users.avatar_hash', '=', 'avatars.hash'),
          ),
        ),
      )
      .execute()
    expect(orphans).toEqual([])
  })
})

describe('readAvatar', () => {
  it('answers null for unknown or malformed names', async () => {
    expect(await readAvatar(h.deps, `${'a'.repeat(64)}.webp`)).toBeNull()
    for (const name of [
      '',
      'a.webp',
      `${'a'.repeat(64)}.png`,
      `${'A'.repeat(64)}.webp`,
      `${'a'.repeat(64)}.webp.png`,
      `../${'a'.repeat(64)}.webp`,
      `${'a'.repeat(65)}.webp`,
    ]) {
      expect(await readAvatar(h.deps, name)).toBeNull()
    }
  })
})

describe('rate limit', () => {
  let limited: TestHarness
  beforeAll(async () => {
    limited = await createTestHarness({ rateLimits: true })
  })
  afterAll(() => limited.close())

  it('allows 10 uploads a minute per account, then RATE_LIMITED with Retry-After', async () => {
    const account = await signUp(limited)
    const other = await signUp(limited)
    const png = await testImage('png')
    const caller = () => limited.caller({ token: account.token })
    for (let i = 0; i < 10; i++) {
      // Refused uploads count too: each one may have cost a decode.
      const form = i % 2 === 0 ? formWith(png, 'me.png') : formWith('text', 'me.png')
      await caller()
        .users.uploadAvatar(form)
        .catch(() => {})
    }
    await expectAppError(caller().users.uploadAvatar(formWith(png, 'me.png')), 'RATE_LIMITED', 429)
    expect(Number(limited.lastHeaders().get('retry-after'))).toBeGreaterThan(0)
    // Someone else is not held up, and removing an avatar is not limited.
    const theirs = await limited
      .caller({ token: other.token })
      .users.uploadAvatar(formWith(png, 'me.png'))
    expect(theirs.avatarUrl).toMatch(AVATAR_URL)
    expect((await caller().users.deleteAvatar()).avatarUrl).toBeNull()
  })
})

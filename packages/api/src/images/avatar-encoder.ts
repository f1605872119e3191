import { createHash } from 'node:crypto'
import { Semaphore, SemaphoreFullError } from '@inkwell/auth'
import { fileTypeFromBuffer } from 'file-type'
import sharp from 'sharp'
import { AppError } from '../app-error'
import { ServiceBusyError } from '../service-busy'

/** Avatars are this many pixels square. */
export const AVATAR_SIZE = 256

/** The largest image `users.uploadAvatar` takes: 5 MiB. */
export const AVATAR_MAX_BYTES = 5 * 1024 * 1024

/**
 * Images with more pixels than this are refused from their header, before anything is
 * decoded: a small file can claim a huge canvas (a decompression bomb). 40 megapixels covers
 * any phone photo; decoding one takes at most ~160 MB.
 */
export const AVATAR_MAX_PIXELS = 40_000_000

/** A re-encode taking longer than this is abandoned (UNSUPPORTED_FILE): it frees the slot. */
const ENCODE_TIMEOUT_SECONDS = 10

/**
 * Uploads that may wait for a slot; beyond them an upload is shed at once (503
 * `SERVICE_BUSY`). Each waiting upload holds its bytes (up to 5 MiB) in memory, and a typical
 * re-encode takes well under a second, so 4 keeps both the memory and the wait small.
 */
const MAX_WAITING = 4

/** `Retry-After` for a shed upload: about the time the uploads ahead of it take. */
const BUSY_RETRY_AFTER_SECONDS = 2

/** What an upload may be, judged by its bytes (never its name or declared type). */
const ACCEPTED_FORMATS: Readonly<Record<string, 'png' | 'jpeg' | 'webp' | 'gif'>> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/webp': 'webp',
  'image/gif': 'gif',
}

/** An avatar ready to store: a 256x256 WebP with no metadata, and the SHA-256 hex of it. */
export interface EncodedAvatar {
  readonly bytes: Buffer
  readonly hash: string
}

export interface AvatarEncoderOptions {
  /** Images processed at once by this process. Default 1. */
  readonly concurrency?: number
  /** Images that may wait for a slot; more are refused with `SERVICE_BUSY`. Default 4. */
  readonly maxWaiting?: number
}

/**
 * Turns an uploaded image into the one form Inkwell stores and serves. Decoding is CPU-heavy
 * and attacker-driven, so it is bounded: one image at a time per process (at most 4 others
 * wait their turn; more are 503 `SERVICE_BUSY`), one libvips thread for it, a pixel limit
 * checked before decoding, and a time limit.
 *
 * @example
 * const encoder = new AvatarEncoder()
 * const { bytes, hash } = await encoder.encode(await file.bytes()) // or AppError UNSUPPORTED_FILE
 */
export class AvatarEncoder {
  readonly #slots: Semaphore

  constructor(options: AvatarEncoderOptions = {}) {
    this.#slots = new Semaphore(options.concurrency ?? 1, options.maxWaiting ?? MAX_WAITING)
    // Process-wide libvips settings: one thread per image, and no cache of decoded uploads
    // (each is seen once; a cache would only hold memory).
    sharp.concurrency(1)
    sharp.cache(false)
  }

  /**
   * The image re-encoded as a 256x256 WebP (cover crop, EXIF orientation applied, metadata
   * dropped). Throws AppError `UNSUPPORTED_FILE` for anything but a readable PNG, JPEG, WebP or
   * GIF (first frame) within the pixel limit, and ServiceBusyError when too many images wait.
   */
  async encode(input: Uint8Array): Promise<EncodedAvatar> {
    const detected = await fileTypeFromBuffer(input)
    const format = detected ? ACCEPTED_FORMATS[detected.mime] : undefined
    if (!format) throw unsupported()
    const bytes = await this.#slots
      .run(() => reencode(input, format))
      .catch((error: unknown) => {
        if (error instanceof SemaphoreFullError)
          throw new ServiceBusyError(BUSY_RETRY_AFTER_SECONDS)
        throw error
      })
    return { bytes, hash: createHash('sha256').update(bytes).digest('hex') }
  }
}

async function reencode(input: Uint8Array, format: string): Promise<Buffer> {
  // One frame (`pages: 1`, the default) is all an avatar shows; `failOn: 'warning'` refuses
  // a truncated or damaged file instead of showing half of it.
  const image = sharp(input, { limitInputPixels: AVATAR_MAX_PIXELS, failOn: 'warning' })
  try {
    // libvips sniffs the format again, and knows more of them (SVG, PDF, TIFF…) than we
    // accept: the two must agree.
    const { format: decodedAs } = await image.metadata()
    if (decodedAs !== format) throw unsupported()
    return await image
      .autoOrient()
      .resize(AVATAR_SIZE, AVATAR_SIZE, { fit: 'cover', position: 'centre' })
      .webp({ quality: 82, effort: 4 })
      .timeout({ seconds: ENCODE_TIMEOUT_SECONDS })
      .toBuffer()
  } catch (error) {
    if (error instanceof AppError) throw error
    throw unsupported(error)
  }
}

function unsupported(cause?: unknown): AppError {
  return new AppError('UNSUPPORTED_FILE', 'Upload a PNG, JPEG, WebP or GIF image', {
    ...(cause === undefined ? {} : { cause }),
  })
}

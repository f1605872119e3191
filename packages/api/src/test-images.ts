import { crc32, deflateSync } from 'node:zlib'
import sharp from 'sharp'

export type TestImageFormat = 'png' | 'jpeg' | 'webp' | 'gif' | 'tiff' | 'avif'

export interface TestImageOptions {
  readonly width?: number
  readonly height?: number
  /** A CSS colour the whole image is filled with. Default a mid blue. */
  readonly color?: string
}

/**
 * A real image of one colour, encoded by sharp, for upload tests.
 *
 * @example
 * const png = await testImage('png', { width: 640, height: 480 })
 * form.append('file', new File([png], 'me.png'))
 */
export function testImage(
  format: TestImageFormat,
  { width = 64, height = 64, color = '#3366cc' }: TestImageOptions = {},
): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: color } })
    .toFormat(format)
    .toBuffer()
}

/**
 * A valid PNG that is tiny on disk and enormous in memory: a 1-bit greyscale canvas of
 * `width` x `height` black pixels, whose rows of zeros deflate to almost nothing.
 */
export function decompressionBomb(width: number, height: number): Buffer {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.writeUInt8(1, 8) // bit depth
  header.writeUInt8(0, 9) // greyscale
  // Each row: a filter byte (0, none) and one bit per pixel, all zero.
  const raw = Buffer.alloc((1 + Math.ceil(width / 8)) * height)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ])
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(typeAndData))
  return Buffer.concat([length, typeAndData, crc])
}

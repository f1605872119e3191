import { createHash } from 'node:crypto'

/**
 * A name-based UUID (RFC 9562 version 5, SHA-1): the same namespace and name give the same id
 * on every machine, every run.
 *
 * @example
 * uuidV5('user-id:source-note-id', IMPORT_NAMESPACE) // always the same UUID for this pair
 */
export function uuidV5(name: string, namespace: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest()
  const bytes = hash.subarray(0, 16)
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

import { isIP, isIPv4, isIPv6 } from 'node:net'
import type { HttpBindings } from '@hono/node-server'
import type { Context } from 'hono'

/**
 * The client's IP: the socket's peer, or, behind `trustedProxies` reverse proxies, the
 * address the outermost trusted proxy saw: the `trustedProxies`-th entry from the right of
 * `X-Forwarded-For`, the only part of that header a client cannot forge. A header with fewer
 * entries did not pass through every proxy (the port was reached directly), and an entry that
 * is not an address is no proxy's work: both give the socket's peer, never a client's word.
 */
export function clientIp(c: Context, trustedProxies: number): string | null {
  const socketIp =
    (c.env as Partial<HttpBindings> | undefined)?.incoming?.socket?.remoteAddress ?? null
  if (trustedProxies === 0) return socketIp
  const forwarded = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
  if (forwarded.length < trustedProxies) return socketIp
  return withoutPort(forwarded[forwarded.length - trustedProxies] ?? '') ?? socketIp
}

/** `203.0.113.9`, `203.0.113.9:443`, `2001:db8::1` or `[2001:db8::1]:443` -> the address. */
function withoutPort(entry: string): string | null {
  if (isIP(entry)) return entry
  const match = /^\[([^\]]+)\](?::\d+)?$/.exec(entry) ?? /^([\d.]+):\d+$/.exec(entry)
  return match?.[1] && isIP(match[1]) ? match[1] : null
}

/**
 * The form of an address that per-address rate limits count: an IPv4 address as it is (also
 * when it comes IPv4-mapped, `::ffff:203.0.113.9`), an IPv6 address as its /64. One IPv6
 * subscriber is usually given a whole /64, so counting single addresses would let a client
 * open a fresh bucket per request. Anything else (null, not an address) is returned unchanged.
 *
 * @example
 * rateLimitKeyOf('2001:db8:1:2:aaaa::1') // '2001:db8:1:2::/64'
 * rateLimitKeyOf('::ffff:203.0.113.9')   // '203.0.113.9'
 */
export function rateLimitKeyOf(ip: string | null): string | null {
  if (ip === null) return null
  const address = ip.replace(/%.*$/, '') // a zone (`fe80::1%eth0`) names our interface, not them
  if (isIPv4(address)) return address
  const groups = isIPv6(address) ? ipv6Groups(address) : null
  if (!groups) return ip
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [high = 0, low = 0] = groups.slice(6)
    return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.')
  }
  return `${formatIpv6([...groups.slice(0, 4), 0, 0, 0, 0])}/64`
}

/** The eight 16-bit groups of a valid IPv6 address (an IPv4 tail counts as the last two). */
function ipv6Groups(address: string): number[] | null {
  let text = address.toLowerCase()
  const v4Tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text)
  if (v4Tail) {
    const [a, b, c, d] = v4Tail.slice(1).map(Number) as [number, number, number, number]
    text = `${text.slice(0, v4Tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head = '', tail] = text.split('::')
  const parse = (part: string) => (part ? part.split(':').map((g) => Number.parseInt(g, 16)) : [])
  const left = parse(head)
  const right = tail === undefined ? [] : parse(tail)
  const groups = [...left, ...Array(8 - left.length - right.length).fill(0), ...right]
  return groups.length === 8 && groups.every((g) => g >= 0 && g <= 0xffff) ? groups : null
}

/** RFC 5952 text: lower-case, no leading zeros, the longest run of 2+ zero groups as `::`. */
function formatIpv6(groups: readonly number[]): string {
  let best = { start: -1, length: 0 }
  for (let i = 0; i < groups.length; ) {
    let j = i
    while (j < groups.length && groups[j] === 0) j++
    if (j - i > best.length && j - i >= 2) best = { start: i, length: j - i }
    i = j === i ? i + 1 : j
  }
  const hex = groups.map((g) => g.toString(16))
  if (best.start < 0) return hex.join(':')
  const head = hex.slice(0, best.start).join(':')
  const tail = hex.slice(best.start + best.length).join(':')
  return `${head}::${tail}`
}

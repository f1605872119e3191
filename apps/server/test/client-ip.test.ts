import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { clientIp, rateLimitKeyOf } from '../src/client-ip'

describe('rateLimitKeyOf', () => {
  it.each([
    ['203.0.113.9', '203.0.113.9'],
    ['::ffff:203.0.113.9', '203.0.113.9'],
    ['::FFFF:203.0.113.9', '203.0.113.9'],
    ['::ffff:cb00:7109', '203.0.113.9'],
    ['0:0:0:0:0:ffff:203.0.113.9', '203.0.113.9'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:0DB8:0001:0002:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8::/64'],
    ['2001:0:0:1::9', '2001:0:0:1::/64'],
    ['::1', '::/64'],
    ['fe80::1%eth0', 'fe80::/64'],
    ['64:ff9b::203.0.113.9', '64:ff9b::/64'],
  ])('%s -> %s', (ip, key) => {
    expect(rateLimitKeyOf(ip)).toBe(key)
  })

  it('leaves null and anything not an address as it is', () => {
    expect(rateLimitKeyOf(null)).toBeNull()
    expect(rateLimitKeyOf('not an ip')).toBe('not an ip')
  })
})

describe('clientIp behind trusted proxies', () => {
  // No socket here: what the handler sees is what clientIp chose from the header, or null.
  const seen = async (trustedProxies: number, forwardedFor?: string) => {
    const app = new Hono().get('/', (c) => c.json({ ip: clientIp(c, trustedProxies) }))
    const res = await app.request('/', {
      headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
    })
    return ((await res.json()) as { ip: string | null }).ip
  }

  it('takes the Nth entry from the right', async () => {
    expect(await seen(1, '198.51.100.1, 192.0.2.5')).toBe('192.0.2.5')
    expect(await seen(2, '198.51.100.1, 192.0.2.5, 10.0.0.1')).toBe('192.0.2.5')
    expect(await seen(2, '192.0.2.5,10.0.0.1')).toBe('192.0.2.5')
  })

  it('never takes a client-set entry when the header is shorter than the proxy chain', async () => {
    expect(await seen(2, '198.51.100.1')).toBeNull()
    expect(await seen(3, '198.51.100.1, 10.0.0.1')).toBeNull()
    expect(await seen(1, ' , ')).toBeNull()
    expect(await seen(1)).toBeNull()
  })

  it('drops a port a proxy added, and refuses an entry that is not an address', async () => {
    expect(await seen(1, '192.0.2.5:4711')).toBe('192.0.2.5')
    expect(await seen(1, '[2001:db8::5]:443')).toBe('2001:db8::5')
    expect(await seen(1, 'unknown')).toBeNull()
    expect(await seen(1, '999.1.1.1')).toBeNull()
  })
})

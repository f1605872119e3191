import { describe, expect, it } from 'vitest'
import { formatDate, formatDateTime, formatRelative } from '../../src/lib/format-date'

// The app formats in the reader's locale; the expectations use the same one, so these tests
// check which unit and amount are chosen, whatever the machine's locale is.
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' })
const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' })

const now = Date.parse('2025-03-15T12:00:00.000Z')
const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const ago = (ms: number) => new Date(now - ms).toISOString()

describe('formatRelative', () => {
  it('counts seconds, minutes, hours and days, each up to the next unit', () => {
    expect(formatRelative(ago(0), now)).toBe(relative.format(0, 'second'))
    expect(formatRelative(ago(30 * SECOND), now)).toBe(relative.format(-30, 'second'))
    expect(formatRelative(ago(59 * SECOND), now)).toBe(relative.format(-59, 'second'))
    expect(formatRelative(ago(60 * SECOND), now)).toBe(relative.format(-1, 'minute'))
    expect(formatRelative(ago(5 * MINUTE), now)).toBe(relative.format(-5, 'minute'))
    expect(formatRelative(ago(3 * HOUR), now)).toBe(relative.format(-3, 'hour'))
    expect(formatRelative(ago(23 * HOUR), now)).toBe(relative.format(-23, 'hour'))
    expect(formatRelative(ago(DAY), now)).toBe(relative.format(-1, 'day'))
    expect(formatRelative(ago(6 * DAY), now)).toBe(relative.format(-6, 'day'))
  })

  it('rounds to the nearest whole unit', () => {
    expect(formatRelative(ago(5 * MINUTE + 40 * SECOND), now)).toBe(relative.format(-6, 'minute'))
    expect(formatRelative(ago(2 * HOUR + 10 * MINUTE), now)).toBe(relative.format(-2, 'hour'))
  })

  it('shows the date once a week has gone by', () => {
    const iso = ago(8 * DAY)
    expect(formatRelative(iso, now)).toBe(day.format(new Date(iso)))
    expect(formatRelative(iso, now)).toBe(formatDate(iso))
  })

  it('speaks of the future too (another device’s clock ahead of this one)', () => {
    expect(formatRelative(ago(-10 * MINUTE), now)).toBe(relative.format(10, 'minute'))
  })

  it('reads the clock when not told the time', () => {
    expect(formatRelative(new Date().toISOString())).toBe(relative.format(0, 'second'))
  })
})

describe('formatDate and formatDateTime', () => {
  const morning = '2025-03-15T10:05:00.000Z'
  const evening = '2025-03-15T13:40:00.000Z'

  it('formatDate gives the day only: two times on the same day read the same', () => {
    expect(formatDate(morning)).toBe(formatDate(evening))
    expect(formatDate(morning)).not.toBe(formatDate('2025-03-16T12:00:00.000Z'))
  })

  it('formatDateTime gives the day and the time', () => {
    expect(formatDateTime(morning)).not.toBe(formatDateTime(evening))
    expect(formatDateTime(morning).startsWith(formatDate(morning))).toBe(true)
    expect(formatDateTime(morning).length).toBeGreaterThan(formatDate(morning).length)
  })
})

import { describe, expect, it } from 'vitest'
import { noteJsonBytes, noteJsonBytesAtMost } from '../src/modules/notes/service'
import { fitWithinBudget } from '../src/shared/page-budget'

const awkward = [
  '',
  'plain words',
  '"quoted" \\ back\\slashed',
  '\u0000\u0001\u001f control characters',
  'naïve café ∑ 漢字',
  'emoji 😀🎉 and a flag 🇫🇷',
  '\n\t\r\b\f',
]

describe('page budget', () => {
  it('bounds a note’s JSON size from above, whatever its text', () => {
    for (const title of awkward) {
      for (const content of awkward) {
        const row = { title, content, tags: [title.slice(0, 5), content.slice(0, 7)] }
        expect(noteJsonBytesAtMost(row)).toBeGreaterThanOrEqual(noteJsonBytes(row))
      }
    }
    const worst = { title: '\u0000'.repeat(200), content: '\u001f'.repeat(5000), tags: ['\u0001'] }
    expect(noteJsonBytesAtMost(worst)).toBeGreaterThanOrEqual(noteJsonBytes(worst))
  })

  it('takes a page whole when the bounds fit, and measures exactly when they do not', () => {
    const exact = (n: number) => n
    const unmeasured = (): number => {
      throw new Error('measured although the bounds fit')
    }
    expect(fitWithinBudget([10, 10, 10], unmeasured, 60, (n) => n * 2)).toBe(3)
    // The bounds (60) pass the budget: measured exactly, all three still fit.
    expect(fitWithinBudget([10, 10, 10], exact, 30, (n) => n * 2)).toBe(3)
    expect(fitWithinBudget([10, 10, 11], exact, 30, (n) => n * 2)).toBe(2)
    expect(fitWithinBudget([40, 10], exact, 30)).toBe(1)
  })
})

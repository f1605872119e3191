import { sql } from 'kysely'
import type { RouterInputs, RouterOutputs } from '../src/root'
import type { TestHarness } from '../src/testing'
import type { Account } from './helpers'

export type Note = RouterOutputs['notes']['get']
export type ListInput = NonNullable<RouterInputs['notes']['list']>
export type Page = RouterOutputs['notes']['list']

export const ids = (notes: readonly { id: string }[]) => notes.map((n) => n.id)

/** The ids of notes given oldest first, newest first: the order `notes.list` shows them in. */
export const newestFirst = (notes: readonly Note[]) => ids(notes).reverse()

/**
 * Helpers over one harness for the notes tests (`harness` is read lazily, so this can be
 * called before `beforeAll` has built it).
 */
export function noteFixtures(harness: () => TestHarness) {
  const notesOf = (account: Account) => harness().caller({ token: account.token }).notes

  /** Sets a note's `updatedAt` directly, as if it had last been written then. */
  async function backdate(id: string, at: string): Promise<void> {
    await sql`update notes set updated_at = ${at}::timestamptz where id = ${id}`.execute(
      harness().db.kysely,
    )
  }

  /**
   * Creates `count` notes for `account`, the i-th last written `i` minutes after 2020-01-01, so
   * their order is fixed and older than anything written during the test. Oldest first.
   */
  async function seed(
    account: Account,
    count: number,
    make: (i: number) => { title?: string; content?: string; tags?: string[] } = () => ({}),
  ): Promise<Note[]> {
    const notes: Note[] = []
    for (let i = 0; i < count; i++) {
      const note = await notesOf(account).create({ title: `note ${i}`, ...make(i) })
      await backdate(note.id, new Date(Date.UTC(2020, 0, 1, 0, i)).toISOString())
      notes.push(note)
    }
    return notes
  }

  /** Follows `nextCursor` to the end, returning every page. */
  async function allPages(account: Account, input: ListInput): Promise<Page[]> {
    const pages: Page[] = []
    let cursor: string | undefined
    do {
      const page = await notesOf(account).list({ ...input, ...(cursor ? { cursor } : {}) })
      pages.push(page)
      cursor = page.nextCursor ?? undefined
      if (pages.length > 50) throw new Error('the cursor never ends')
    } while (cursor)
    return pages
  }

  return { notesOf, backdate, seed, allPages }
}

import { type Expression, type RawBuilder, sql } from 'kysely'

/** No page answers more JSON than this (API.md: a page stops early, with a cursor to go on). */
export const PAGE_BYTES_MAX = 4 * 1024 * 1024
/** What a page's items may take: the limit less room for the envelope around them. */
const ITEMS_BYTES_MAX = PAGE_BYTES_MAX - 1024

/**
 * Wraps a page query, already ordered and limited, so that rows starting past the byte budget
 * never leave the database: a window sum of each row's size (an estimate never above its JSON
 * size) keeps the rows that start within `budget`. One more row than fits may come back;
 * `fitWithinBudget` trims exactly. `order` must repeat the page's ORDER BY over the page's
 * columns; `rowBytes` is the estimate.
 *
 * @example
 * const rows = await withinBudget(query, sql`updated_at desc, id desc`, sql`octet_length(content)`).execute(db)
 */
export function withinBudget<Row>(
  page: Expression<Row>,
  order: RawBuilder<unknown>,
  rowBytes: RawBuilder<number>,
  budget = ITEMS_BYTES_MAX,
): RawBuilder<Row> {
  return sql<Row>`select * from (
    select page.*, sum(${rowBytes}) over (order by ${order} rows unbounded preceding) - ${rowBytes} as bytes_before
    from ${page} as page
  ) as sized where bytes_before < ${budget} order by ${order}`
}

/**
 * How many leading items fit in `budget` bytes of JSON (at least one, so a page always moves
 * on). `size` gives an item's JSON size in bytes. With `sizeAtMost`, a cheap bound never below
 * `size`, a page whose bounds fit in the budget (every ordinary page) is taken whole without
 * measuring each item exactly.
 */
export function fitWithinBudget<T>(
  items: readonly T[],
  size: (item: T) => number,
  budget = ITEMS_BYTES_MAX,
  sizeAtMost?: (item: T) => number,
): number {
  if (sizeAtMost) {
    let bound = 0
    for (const item of items) bound += sizeAtMost(item)
    if (bound <= budget) return items.length
  }
  let total = 0
  for (let i = 0; i < items.length; i++) {
    total += size(items[i] as T)
    if (total > budget && i > 0) return i
  }
  return items.length
}

/**
 * At most the UTF-8 size of a string's JSON, quotes included, without serialising it: no
 * UTF-16 unit takes more than 6 bytes (`\u001f`; a character outside ASCII takes at most 3).
 */
export function jsonStringBytesAtMost(value: string): number {
  return 6 * value.length + 2
}

/** The exact UTF-8 size of a value's JSON. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8')
}

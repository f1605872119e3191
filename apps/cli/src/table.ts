/** One column of a plain-text table: its heading and how to show a row's cell. */
export interface Column<T> {
  readonly heading: string
  readonly cell: (row: T) => string
  /** Cut longer cells to this width, with an ellipsis. */
  readonly max?: number
}

/**
 * Rows as aligned plain-text lines (a heading line first), for people. Scripts use `--json`.
 *
 * @example
 * table(notes, [{ heading: 'ID', cell: (n) => n.id }, { heading: 'TITLE', cell: (n) => n.title, max: 40 }])
 */
export function table<T>(rows: readonly T[], columns: readonly Column<T>[]): string[] {
  const cells = rows.map((row) =>
    columns.map((column) => clip(oneLine(column.cell(row)), column.max)),
  )
  const widths = columns.map((column, i) =>
    Math.max(column.heading.length, ...cells.map((line) => line[i]?.length ?? 0)),
  )
  const format = (line: readonly string[]) =>
    line
      .map((cell, i) => (i === line.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd()
  return [format(columns.map((column) => column.heading)), ...cells.map(format)]
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

function clip(text: string, max: number | undefined): string {
  return max !== undefined && text.length > max ? `${text.slice(0, max - 1)}…` : text
}

/** A timestamp as `2026-11-21 10:00` (UTC), short enough for a table. */
export function shortTime(iso: string | null): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : '-'
}

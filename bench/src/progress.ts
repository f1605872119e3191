const started = performance.now()
const live = process.stdout.isTTY === true

function stamp(): string {
  return `[${((performance.now() - started) / 1000).toFixed(1).padStart(6)}s]`
}

/** One line of progress, stamped with the time since the run began. */
export function log(message: string): void {
  if (live) process.stdout.write('\r\x1b[K')
  console.log(`${stamp()} ${message}`)
}

/**
 * A status line that updates in place on a terminal; elsewhere (CI, a pipe) only every
 * `every`-th update is printed, so logs stay short.
 */
export function status(message: string, index: number, every = 5): void {
  if (live) process.stdout.write(`\r\x1b[K${stamp()} ${message}`)
  else if (index % every === 0) console.log(`${stamp()} ${message}`)
}

/** Ends an in-place status line. */
export function endStatus(): void {
  if (live) process.stdout.write('\r\x1b[K')
}

/** Seconds since the run began. */
export function elapsedS(): number {
  return (performance.now() - started) / 1000
}

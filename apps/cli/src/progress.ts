import { Presets, SingleBar } from 'cli-progress'
import type { Io } from './io'

/** Progress of long work (export, import), on stderr only. */
export interface Progress {
  /** The total became known or grew. */
  setTotal(total: number): void
  /** One more item done; `line` describes it (shown when stderr is not a terminal). */
  tick(line?: string): void
  stop(): void
}

/**
 * A progress bar on stderr when stderr is a terminal; plain lines otherwise (CI logs, pipes),
 * one per item. Nothing goes to stdout, so `--json` output stays clean.
 */
export function createProgress(io: Io, label: string, total = 0): Progress {
  if (!io.stderr.isTTY) {
    return {
      setTotal() {},
      tick(line) {
        if (line) io.stderr.write(`${line}\n`)
      },
      stop() {},
    }
  }
  const bar = new SingleBar(
    {
      format: `${label} [{bar}] {value}/{total}`,
      stream: io.stderr,
      hideCursor: true,
      clearOnComplete: false,
      barsize: 30,
    },
    Presets.shades_classic,
  )
  // A total not known yet (export learns it page by page) starts the bar at the first one.
  let started = total > 0
  if (started) bar.start(total, 0)
  return {
    setTotal(next) {
      if (started) return bar.setTotal(next)
      bar.start(next, 0)
      started = true
    },
    tick: () => bar.increment(),
    stop: () => {
      if (started) bar.stop()
    },
  }
}

import type { CounterStore, WindowCount } from './store'

/** Counters in process memory, for a single instance. Expired windows are swept as it goes. */
export class MemoryCounterStore implements CounterStore {
  readonly #windows = new Map<string, { count: number; resetAt: number }>()
  #hitsSinceSweep = 0

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const now = Date.now()
    if (++this.#hitsSinceSweep >= 1000) this.#sweep(now)
    let window = this.#windows.get(key)
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + windowMs }
      this.#windows.set(key, window)
    }
    window.count++
    return { count: window.count, resetMs: window.resetAt - now }
  }

  async peek(key: string): Promise<WindowCount | null> {
    const window = this.#windows.get(key)
    const now = Date.now()
    if (!window || window.resetAt <= now) return null
    return { count: window.count, resetMs: window.resetAt - now }
  }

  async extend(key: string, ttlMs: number): Promise<number> {
    const now = Date.now()
    const window = this.#windows.get(key)
    const left = window && window.resetAt > now ? window.resetAt - now : 0
    if (left >= ttlMs) return left
    this.#windows.set(key, { count: left > 0 && window ? window.count : 1, resetAt: now + ttlMs })
    return left
  }

  async reset(key: string): Promise<void> {
    this.#windows.delete(key)
  }

  async close(): Promise<void> {
    this.#windows.clear()
  }

  #sweep(now: number): void {
    this.#hitsSinceSweep = 0
    for (const [key, window] of this.#windows) if (window.resetAt <= now) this.#windows.delete(key)
  }
}

/** A sleep that can be cut short: how the polling loops wait, and how a stop wakes them. */
export class Pause {
  #wake: (() => void) | undefined

  /** Resolves after `ms`, or at once when `wake()` is called meanwhile. */
  async wait(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms)
      this.#wake = () => {
        clearTimeout(timer)
        resolve()
      }
    })
    this.#wake = undefined
  }

  wake(): void {
    this.#wake?.()
  }
}

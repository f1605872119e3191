/** The `q`-quantile (0..1) of `values`, by nearest rank. NaN when there are none. */
export function quantile(values: Float64Array | readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = Float64Array.from(values).sort()
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[rank]!
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5)
}

/** Least-squares slope of `y` over `x` (units of y per unit of x), with its standard error. */
export function slope(points: readonly { x: number; y: number }[]): {
  slope: number
  error: number
} {
  const n = points.length
  if (n < 3) return { slope: Number.NaN, error: Number.NaN }
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / n
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / n
  let covariance = 0
  let variance = 0
  for (const p of points) {
    covariance += (p.x - meanX) * (p.y - meanY)
    variance += (p.x - meanX) ** 2
  }
  if (variance === 0) return { slope: Number.NaN, error: Number.NaN }
  const b = covariance / variance
  const residuals = points.reduce((sum, p) => sum + (p.y - meanY - b * (p.x - meanX)) ** 2, 0)
  return { slope: b, error: Math.sqrt(residuals / (n - 2) / variance) }
}

/** A growable list of latencies in milliseconds, cheap to append to under load. */
export class Samples {
  #values = new Float64Array(1 << 16)
  #length = 0

  add(value: number): void {
    if (this.#length === this.#values.length) {
      const grown = new Float64Array(this.#values.length * 2)
      grown.set(this.#values)
      this.#values = grown
    }
    this.#values[this.#length++] = value
  }

  get length(): number {
    return this.#length
  }

  quantile(q: number): number {
    return quantile(this.#values.subarray(0, this.#length), q)
  }
}

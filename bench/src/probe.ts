import { Agent, request } from 'node:http'
import type { RequestSpec } from './scenarios'
import { Samples } from './stats'

export interface ProbeResult {
  readonly rate: number
  readonly sent: number
  readonly errors: number
  readonly p50: number
  readonly p99: number
  readonly max: number
}

/**
 * An open-loop probe: one request every `1000 / rate` ms whatever the answers do, so its
 * latency shows how promptly the server's event loop gets to a cheap request (a closed-loop
 * load generator would slow down with the server and hide the stalls).
 */
export async function probe(
  baseUrl: string,
  nextRequest: () => RequestSpec,
  options: { rate: number; seconds: number },
): Promise<ProbeResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 })
  const latencies = new Samples()
  let sent = 0
  let errors = 0
  const inFlight = new Set<Promise<void>>()
  const interval = 1000 / options.rate
  const started = performance.now()
  const end = started + options.seconds * 1000
  for (let due = started; due < end; due += interval) {
    const wait = due - performance.now()
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    sent++
    const call = send(baseUrl, nextRequest(), agent).then(
      (ms) => latencies.add(ms),
      () => {
        errors++
      },
    )
    inFlight.add(call)
    void call.finally(() => inFlight.delete(call))
  }
  await Promise.all(inFlight)
  agent.destroy()
  return {
    rate: options.rate,
    sent,
    errors,
    p50: latencies.quantile(0.5),
    p99: latencies.quantile(0.99),
    max: latencies.quantile(1),
  }
}

function send(baseUrl: string, spec: RequestSpec, agent: Agent): Promise<number> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(spec.path, baseUrl),
      { method: spec.method, headers: spec.headers, agent },
      (res) => {
        res.resume()
        res.on('end', () => {
          if (res.statusCode === 200) resolve(performance.now() - started)
          else reject(new Error(`status ${res.statusCode}`))
        })
      },
    )
    req.on('error', reject)
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')))
    req.end(spec.body)
  })
}

import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { configSchema } from '../src/config'

const repoFile = (path: string) =>
  readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8')

/** The `ports:` list of one service in docker-compose.yml (flow style, as the file writes it). */
function portsOf(compose: string, service: string): string[] {
  const block = new RegExp(`^  ${service}:\\n((?:    .*\\n|\\n)*)`, 'm').exec(compose)?.[1] ?? ''
  const list = /^ {4}ports: \[(.*)\]$/m.exec(block)?.[1]
  return list ? list.split(',').map((p) => p.trim().replace(/^"|"$/g, '')) : []
}

describe('docker-compose.yml', () => {
  const compose = repoFile('docker-compose.yml')

  it.each(['postgres', 'redis', 'mail'])('publishes %s on 127.0.0.1 only', (service) => {
    const ports = portsOf(compose, service)
    expect(ports.length).toBeGreaterThan(0)
    for (const port of ports) expect(port).toMatch(/^127\.0\.0\.1:\d+:\d+$/)
  })

  it('has no default first admin password', () => {
    const line = /^\s*FIRST_ADMIN_PASSWORD:(.*)$/m.exec(compose)?.[1]?.trim()
    expect(line).toBeDefined()
    // Unset, `${FIRST_ADMIN_PASSWORD}`, `${FIRST_ADMIN_PASSWORD:-}` or `:?…`: never a value.
    expect(line).toMatch(/^(|\$\{FIRST_ADMIN_PASSWORD(:-|:\?[^}]*|\?[^}]*)?\})$/)
  })
})

describe('pnpm dev', () => {
  // Every variable the server reads, and those API.md names for features to come.
  const variables = [...Object.keys(configSchema.in.shape), 'METRICS_TOKEN', 'WORKER']

  it('passes every server variable through turbo to the dev tasks', () => {
    const turbo = JSON.parse(repoFile('turbo.json'))
    const passed = new Set([
      ...(turbo.globalPassThroughEnv ?? []),
      ...(turbo.tasks.dev.passThroughEnv ?? []),
    ])
    expect(variables.filter((name) => !passed.has(name))).toEqual([])
  })

  it('only defaults the variables the server dev script sets, never overrides them', () => {
    const script: string = JSON.parse(repoFile('apps/server/package.json')).scripts.dev
    const assignments = script.match(/\b[A-Z_]+=\S*/g) ?? []
    expect(assignments.length).toBeGreaterThan(0)
    for (const assignment of assignments) {
      const [name] = assignment.split('=')
      expect(assignment).toMatch(new RegExp(`^${name}=\\$\\{${name}:-`))
    }
  })

  it("points Vite's proxy at PORT", async () => {
    const before = process.env.PORT
    process.env.PORT = '4123'
    try {
      const { default: config } = await import('../../web/vite.config')
      const proxy = config.server?.proxy as Record<string, { target: string }>
      expect(proxy['/trpc']?.target).toBe('http://localhost:4123')
    } finally {
      if (before === undefined) delete process.env.PORT
      else process.env.PORT = before
    }
  })
})

import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { expect, it } from 'vitest'

it('bundles for the browser without any server code', async () => {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../src/index.ts', import.meta.url))],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    metafile: true,
    logLevel: 'silent',
  })
  const inputs = Object.keys(result.metafile.inputs)
  expect(inputs.some((path) => path.includes('@trpc/client'))).toBe(true)
  const serverCode = inputs.filter((path) =>
    /kysely|[/\\]pg[/\\]|argon2|pglite|ioredis|nodemailer|hono|zod|packages[/\\](api|db|auth|mail)[/\\]/.test(
      path,
    ),
  )
  expect(serverCode).toEqual([])
})

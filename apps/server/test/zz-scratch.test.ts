import { it } from 'vitest'
import { createTestApp } from './helpers'
it('explore', async () => {
  const t = await createTestApp()
  for (const p of ['/trpc/%E0%A4%A', '/trpc/auth.login%ZZ', '/trpc/auth.login?input=%ZZ', '/trpc/users.me%2Cauth.login?batch=1']) {
    const res = await t.app.request(p)
    console.log(p, res.status, await res.text())
  }
  console.log(t.log.text())
  await t.close()
})

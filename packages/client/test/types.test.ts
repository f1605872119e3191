import { describe, expectTypeOf, it } from 'vitest'
import type { AppCode, InkwellClient, RouterInputs, RouterOutputs } from '../src'

// Checked by `pnpm typecheck` (tsc): a wrong type here fails the build, not just this file.
describe('types inferred from the router', () => {
  it('gives users.me its User shape', () => {
    expectTypeOf<RouterOutputs['users']['me']>().toEqualTypeOf<{
      id: string
      email: string
      name: string
      role: 'user' | 'admin'
      emailVerified: boolean
      avatarUrl: string | null
      createdAt: string
    }>()
    expectTypeOf<Awaited<ReturnType<InkwellClient['users']['me']['query']>>>().toEqualTypeOf<
      RouterOutputs['users']['me']
    >()
  })

  it('types inputs and app codes', () => {
    expectTypeOf<RouterInputs['auth']['login']>().toEqualTypeOf<{
      email: string
      password: string
    }>()
    expectTypeOf<'EMAIL_TAKEN'>().toExtend<AppCode>()
    expectTypeOf<'NOT_A_CODE'>().not.toExtend<AppCode>()
  })
})

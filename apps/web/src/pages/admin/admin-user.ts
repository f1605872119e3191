import type { RouterOutputs } from '@inkwell/client'

export type AdminUser = RouterOutputs['admin']['users']['list']['items'][number]

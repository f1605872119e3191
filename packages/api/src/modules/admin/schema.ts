import type { UserRow } from '@inkwell/db'
import { z } from 'zod'
import {
  cursorInput,
  idInput,
  limitInput,
  nameInput,
  pageOf,
  text,
  timestamp,
} from '../../shared/schemas'
import { userFromRow, userOutput } from '../../shared/user'

export const adminUserOutput = userOutput.extend({
  disabled: z.boolean(),
  deletedAt: timestamp.nullable(),
})
export type AdminUser = z.infer<typeof adminUserOutput>

export const listInput = z
  .object({
    cursor: cursorInput.optional(),
    limit: limitInput,
    search: text().trim().max(200).optional(),
  })
  .default({ limit: 20 })
export const listOutput = pageOf(adminUserOutput)

export const getInput = z.object({ id: idInput })
export const updateInput = z.object({
  id: idInput,
  name: nameInput.optional(),
  role: z.enum(['user', 'admin']).optional(),
  disabled: z.boolean().optional(),
})
export const deleteInput = z.object({ id: idInput })

export function adminUserFromRow(row: UserRow): AdminUser {
  return {
    ...userFromRow(row),
    disabled: row.disabled,
    deletedAt: row.deleted_at?.toISOString() ?? null,
  }
}

import { z } from 'zod'
import { emailInput, nameInput, newPasswordInput, text, timestamp } from '../../shared/schemas'

export const registerInput = z.object({
  email: emailInput,
  password: newPasswordInput,
  name: nameInput,
})

// Login takes the password as typed: length rules apply to new passwords, not to old ones.
export const loginInput = z.object({
  email: text().trim().toLowerCase().max(254),
  password: z.string().max(256),
})

export const refreshOutput = z.object({
  session: z.object({ token: z.string(), expiresAt: timestamp }),
})

export const requestPasswordResetInput = z.object({
  email: text().trim().toLowerCase().max(254),
})

const tokenInput = z.string().min(1).max(128)
export const resetPasswordInput = z.object({ token: tokenInput, password: newPasswordInput })
export const verifyEmailInput = z.object({ token: tokenInput })

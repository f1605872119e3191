import { isCommonPassword } from '@inkwell/auth'
import { AppError } from '../app-error'

/**
 * Refuses a new password found on the common-password list, as a validation error on `field`.
 * Length is already checked by the input schema.
 */
export async function assertPasswordAcceptable(password: string, field: string): Promise<void> {
  if (await isCommonPassword(password)) {
    throw new AppError('VALIDATION_FAILED', 'Choose a less common password', {
      fieldErrors: { [field]: ['This password is too common; choose another'] },
    })
  }
}

import { useState } from 'react'
import { PasswordField } from './password-field'

/** The two entries of a new password, and whether the last submit found them different. */
export interface NewPassword {
  readonly password: string
  readonly confirm: string
  readonly mismatch: boolean
  setPassword(value: string): void
  setConfirm(value: string): void
  /** On submit: whether the two match. When they do not, the mismatch shows until the next. */
  check(): boolean
  /** Empties both, once the password is changed. */
  clear(): void
}

/** State for `NewPasswordFields`, kept by the form that submits it. */
export function useNewPassword(): NewPassword {
  const [password, setPassword] = useState('')
  const [confirm, setConfirm] = useState('')
  const [mismatch, setMismatch] = useState(false)
  return {
    password,
    confirm,
    mismatch,
    setPassword,
    setConfirm,
    check() {
      setMismatch(password !== confirm)
      return password === confirm
    },
    clear() {
      setPassword('')
      setConfirm('')
    },
  }
}

interface NewPasswordFieldsProps {
  readonly state: NewPassword
  /** Form names of the two inputs. */
  readonly name: string
  readonly confirmName: string
  readonly hint: string
  /** Messages for the new password, from the server's `fieldErrors`. */
  readonly errors?: readonly string[] | undefined
}

/**
 * A new password typed twice, with a message under the second when they differ.
 *
 * @example
 * const newPassword = useNewPassword()
 * const submit = () => { if (newPassword.check()) save(newPassword.password) }
 * <NewPasswordFields state={newPassword} name="password" confirmName="confirm" hint="…" />
 */
export function NewPasswordFields({
  state,
  name,
  confirmName,
  hint,
  errors,
}: NewPasswordFieldsProps) {
  return (
    <>
      <PasswordField
        label="New password"
        name={name}
        purpose="new"
        hint={hint}
        value={state.password}
        onChange={state.setPassword}
        errors={errors}
      />
      <PasswordField
        label="Repeat the new password"
        name={confirmName}
        purpose="repeat"
        value={state.confirm}
        onChange={state.setConfirm}
        errors={state.mismatch ? ['The two passwords differ.'] : undefined}
      />
    </>
  )
}

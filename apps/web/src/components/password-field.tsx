import { Field } from './field'

/** The server's rule for a new password; the field tells the browser too. */
const MIN_PASSWORD_LENGTH = 8

const AUTOCOMPLETE = {
  current: 'current-password',
  new: 'new-password',
  repeat: 'new-password',
} as const

interface PasswordFieldProps {
  /**
   * `current`: the account's password. `new`: one being chosen, held to the length rule.
   * `repeat`: the new one typed again. Password managers fill or offer one by this.
   */
  readonly purpose: keyof typeof AUTOCOMPLETE
  /** `Password` unless told. */
  readonly label?: string
  /** `password` unless told. */
  readonly name?: string
  readonly hint?: string
  readonly value: string
  readonly onChange: (value: string) => void
  /** Messages for this password, from the server's `fieldErrors` or our own checks. */
  readonly errors?: readonly string[] | undefined
}

/**
 * A required password input, labelled.
 *
 * @example
 * <PasswordField purpose="current" value={password} onChange={setPassword} />
 */
export function PasswordField({
  purpose,
  label = 'Password',
  name = 'password',
  onChange,
  ...rest
}: PasswordFieldProps) {
  return (
    <Field
      label={label}
      type="password"
      name={name}
      autoComplete={AUTOCOMPLETE[purpose]}
      required
      minLength={purpose === 'new' ? MIN_PASSWORD_LENGTH : undefined}
      onChange={(e) => onChange(e.target.value)}
      {...rest}
    />
  )
}

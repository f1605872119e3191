import { Field } from './field'

interface EmailFieldProps {
  readonly value: string
  readonly onChange: (value: string) => void
  /** Messages for the email, from the server's `fieldErrors`. */
  readonly errors?: readonly string[] | undefined
}

/**
 * The account's email, as every signed-out form asks for it (`name="email"`, so browsers and
 * password managers fill it in).
 *
 * @example
 * <EmailField value={email} onChange={setEmail} errors={fields.email} />
 */
export function EmailField({ value, onChange, errors }: EmailFieldProps) {
  return (
    <Field
      label="Email"
      type="email"
      name="email"
      autoComplete="email"
      required
      value={value}
      onChange={(e) => onChange(e.target.value)}
      errors={errors}
    />
  )
}

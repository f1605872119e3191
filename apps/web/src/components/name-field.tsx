import { Field } from './field'

interface NameFieldProps {
  readonly value: string
  readonly onChange: (value: string) => void
  readonly maxLength?: number
  /** Messages for the name, from the server's `fieldErrors`. */
  readonly errors?: readonly string[] | undefined
}

/**
 * The person's name, as shown in the header and to admins.
 *
 * @example
 * <NameField value={name} onChange={setName} errors={fields.name} />
 */
export function NameField({ onChange, ...rest }: NameFieldProps) {
  return (
    <Field
      label="Name"
      name="name"
      autoComplete="name"
      required
      onChange={(e) => onChange(e.target.value)}
      {...rest}
    />
  )
}

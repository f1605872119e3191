import type { FieldErrors } from '@inkwell/client'
import { type Href, Link } from 'expo-router'
import type { ReactNode } from 'react'
import { StyleSheet, Text } from 'react-native'
import { AuthForm } from './auth-form'
import { Button } from './button'
import { TextField } from './text-field'
import { colors } from './theme'

interface Props {
  readonly title: string
  readonly error: string | null
  readonly email: string
  readonly onEmailChange: (email: string) => void
  readonly password: string
  readonly onPasswordChange: (password: string) => void
  /** What a password manager offers: the saved password, or a new one. */
  readonly passwordAutoComplete: 'current-password' | 'new-password'
  /** The per-field messages of a validation failure, shown under email and password. */
  readonly fieldErrors?: FieldErrors
  /** The button's words, which say when the form is busy. */
  readonly submitLabel: string
  readonly busy: boolean
  readonly onSubmit: () => void
  /** The way to the other screen, under the button. */
  readonly link: { readonly href: Href; readonly label: string }
  /** Fields asked for before the email (a new account's name). */
  readonly children?: ReactNode
}

/**
 * The email and password form of the sign-in and sign-up screens, in their frame: the error,
 * the fields, the submit button (the password field's Enter submits too) and the link to the
 * other screen.
 *
 * @example
 * <CredentialsForm title="Sign in" error={error} email={email} onEmailChange={setEmail}
 *   password={password} onPasswordChange={setPassword} passwordAutoComplete="current-password"
 *   submitLabel={busy ? 'Signing in…' : 'Sign in'} busy={busy} onSubmit={submit}
 *   link={{ href: '/sign-up', label: 'Create an account' }} />
 */
export function CredentialsForm(props: Props) {
  const { fieldErrors, busy, onSubmit, link } = props
  return (
    <AuthForm title={props.title} error={props.error}>
      {props.children}
      <TextField
        label="Email"
        value={props.email}
        onChangeText={props.onEmailChange}
        autoCapitalize="none"
        autoComplete="email"
        keyboardType="email-address"
        inputMode="email"
        errors={fieldErrors?.email}
      />
      <TextField
        label="Password"
        value={props.password}
        onChangeText={props.onPasswordChange}
        secureTextEntry
        autoComplete={props.passwordAutoComplete}
        errors={fieldErrors?.password}
        onSubmitEditing={onSubmit}
      />
      <Button label={props.submitLabel} kind="primary" onPress={onSubmit} disabled={busy} />
      <Link href={link.href} style={styles.link}>
        <Text>{link.label}</Text>
      </Link>
    </AuthForm>
  )
}

const styles = StyleSheet.create({ link: { color: colors.accent, textAlign: 'center' } })

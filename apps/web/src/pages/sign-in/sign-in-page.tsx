import { errorMessage, fieldErrorsOf } from '@inkwell/client'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { Link, useSearchParams } from 'wouter'
import { setSignedInUser } from '../../auth/session'
import { Alert } from '../../components/alert'
import { AuthLayout } from '../../components/auth-layout'
import { EmailField } from '../../components/email-field'
import { PasswordField } from '../../components/password-field'
import { useTRPC } from '../../lib/trpc'

/** Email and password; afterwards, back to where the user was going (GuestOnly redirects). */
export function SignInPage() {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const [params] = useSearchParams()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const signIn = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: ({ user }) => setSignedInUser(queryClient, user),
    }),
  )
  const fields = fieldErrorsOf(signIn.error)

  const submit = (event: FormEvent) => {
    event.preventDefault()
    signIn.mutate({ email, password })
  }

  return (
    <AuthLayout
      title="Sign in"
      intro={
        params.get('expired') ? (
          <Alert tone="info">Your session has ended. Sign in again.</Alert>
        ) : null
      }
      footer={
        <p>
          New to Inkwell? <Link href="/sign-up">Create an account</Link>
        </p>
      }
    >
      <form className="form" onSubmit={submit} noValidate>
        <EmailField value={email} onChange={setEmail} errors={fields.email} />
        <PasswordField
          purpose="current"
          value={password}
          onChange={setPassword}
          errors={fields.password}
        />
        <Alert>{signIn.error ? errorMessage(signIn.error) : null}</Alert>
        <button type="submit" className="btn btn-primary btn-block" disabled={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="form-aside">
          <Link href="/forgot-password">Forgot your password?</Link>
        </p>
      </form>
    </AuthLayout>
  )
}

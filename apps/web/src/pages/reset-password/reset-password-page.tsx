import { errorMessage, fieldErrorsOf } from '@inkwell/client'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { FormEvent } from 'react'
import { Link, useSearchParams } from 'wouter'
import { setSignedInUser } from '../../auth/session'
import { Alert } from '../../components/alert'
import { AuthLayout } from '../../components/auth-layout'
import { NewPasswordFields, useNewPassword } from '../../components/new-password-fields'
import { useTRPC } from '../../lib/trpc'

/** Opened from the mailed link `/reset-password?token=…`: choose a new password. */
export function ResetPasswordPage() {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const [params] = useSearchParams()
  const token = params.get('token') ?? ''
  const newPassword = useNewPassword()
  // Every session of the account ends, this browser's included.
  const reset = useMutation(
    trpc.auth.resetPassword.mutationOptions({
      onSuccess: () => setSignedInUser(queryClient, null),
    }),
  )
  const fields = fieldErrorsOf(reset.error)

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (newPassword.check()) reset.mutate({ token, password: newPassword.password })
  }

  if (!token) {
    return (
      <AuthLayout title="Reset your password">
        <Alert>
          This link is incomplete. Open the link from the mail again, or ask for a new one.
        </Alert>
        <Link href="/forgot-password" className="btn btn-block">
          Ask for a new link
        </Link>
      </AuthLayout>
    )
  }

  if (reset.isSuccess) {
    return (
      <AuthLayout title="Password changed">
        <Alert tone="success">Your password is changed, and every session was signed out.</Alert>
        <Link href="/sign-in" className="btn btn-primary btn-block">
          Sign in with the new password
        </Link>
      </AuthLayout>
    )
  }

  return (
    <AuthLayout title="Choose a new password">
      <form className="form" onSubmit={submit} noValidate>
        <NewPasswordFields
          state={newPassword}
          name="password"
          confirmName="confirm"
          hint="At least 8 characters."
          errors={fields.password}
        />
        <Alert>{reset.error ? errorMessage(reset.error) : null}</Alert>
        {reset.error && (
          <p className="form-aside">
            <Link href="/forgot-password">Ask for a new link</Link>
          </p>
        )}
        <button type="submit" className="btn btn-primary btn-block" disabled={reset.isPending}>
          {reset.isPending ? 'Saving…' : 'Set new password'}
        </button>
      </form>
    </AuthLayout>
  )
}

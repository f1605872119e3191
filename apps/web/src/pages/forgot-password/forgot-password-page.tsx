import { errorMessage, fieldErrorsOf } from '@inkwell/client'
import { useMutation } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { Link } from 'wouter'
import { Alert } from '../../components/alert'
import { AuthLayout } from '../../components/auth-layout'
import { EmailField } from '../../components/email-field'
import { useTRPC } from '../../lib/trpc'

/** Asks for a reset link. The answer is the same whether or not the account exists. */
export function ForgotPasswordPage() {
  const trpc = useTRPC()
  const [email, setEmail] = useState('')
  const request = useMutation(trpc.auth.requestPasswordReset.mutationOptions())
  const fields = fieldErrorsOf(request.error)

  const submit = (event: FormEvent) => {
    event.preventDefault()
    request.mutate({ email })
  }

  return (
    <AuthLayout
      title="Reset your password"
      intro={
        <p>Enter the email of your account and we will send you a link to choose a new password.</p>
      }
      footer={
        <p>
          Remembered it? <Link href="/sign-in">Sign in</Link>
        </p>
      }
    >
      {request.isSuccess ? (
        <Alert tone="success">
          If an account exists for <strong>{request.variables.email}</strong>, a link is on its way.
          It works once, for 30 minutes.
        </Alert>
      ) : (
        <form className="form" onSubmit={submit} noValidate>
          <EmailField value={email} onChange={setEmail} errors={fields.email} />
          <Alert>{request.error ? errorMessage(request.error) : null}</Alert>
          <button type="submit" className="btn btn-primary btn-block" disabled={request.isPending}>
            {request.isPending ? 'Sending…' : 'Send reset link'}
          </button>
        </form>
      )}
    </AuthLayout>
  )
}

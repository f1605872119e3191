import { errorMessage, fieldErrorsOf } from '@inkwell/client'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { Link } from 'wouter'
import { setSignedInUser } from '../../auth/session'
import { Alert } from '../../components/alert'
import { AuthLayout } from '../../components/auth-layout'
import { EmailField } from '../../components/email-field'
import { NameField } from '../../components/name-field'
import { PasswordField } from '../../components/password-field'
import { useTRPC } from '../../lib/trpc'

/** A new account: name, email, password. Signed in at once; a confirmation mail goes out. */
export function SignUpPage() {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const [name, setName] = useState('')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const signUp = useMutation(
    trpc.auth.register.mutationOptions({
      onSuccess: ({ user }) => setSignedInUser(queryClient, user),
    }),
  )
  const fields = fieldErrorsOf(signUp.error)

  const submit = (event: FormEvent) => {
    event.preventDefault()
    signUp.mutate({ name, email, password })
  }

  return (
    <AuthLayout
      title="Create your account"
      footer={
        <p>
          Already have an account? <Link href="/sign-in">Sign in</Link>
        </p>
      }
    >
      <form className="form" onSubmit={submit} noValidate>
        <NameField value={name} onChange={setName} errors={fields.name} />
        <EmailField value={email} onChange={setEmail} errors={fields.email} />
        <PasswordField
          purpose="new"
          hint="At least 8 characters. A few unrelated words make a strong one."
          value={password}
          onChange={setPassword}
          errors={fields.password}
        />
        <Alert>{signUp.error ? errorMessage(signUp.error) : null}</Alert>
        <button type="submit" className="btn btn-primary btn-block" disabled={signUp.isPending}>
          {signUp.isPending ? 'Creating account…' : 'Create account'}
        </button>
      </form>
    </AuthLayout>
  )
}

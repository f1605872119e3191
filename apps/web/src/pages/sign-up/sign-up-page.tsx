import { fieldErrorsOf } from '@inkwell/client'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { Link } from 'wouter'
import { setSignedInUser } from '../../auth/session'
import { Alert } from '../../components/alert'
import { AuthLayout } from '../../components/auth-layout'
import { Field } from '../../components/field'
import { errorMessage } from '../../lib/error-message'
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
        <Field
          label="Name"
          name="name"
          autoComplete="name"
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
          errors={fields.name}
        />
        <Field
          label="Email"
          type="email"
          name="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          errors={fields.email}
        />
        <Field
          label="Password"
          type="password"
          name="password"
          autoComplete="new-password"
          required
          minLength={8}
          hint="At least 8 characters. A few unrelated words make a strong one."
          value={password}
          onChange={(e) => setPassword(e.target.value)}
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

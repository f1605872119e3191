import { fieldErrorsOf } from '@inkwell/client'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { meQueryKey } from '../../auth/me'
import { Alert } from '../../components/alert'
import { Field } from '../../components/field'
import { errorMessage } from '../../lib/error-message'
import { useTRPC } from '../../lib/trpc'

/** A new password. Every other session ends; this one carries on with a fresh token. */
export function PasswordSection({ email }: { readonly email: string }) {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [confirm, setConfirm] = useState('')
  const [mismatch, setMismatch] = useState(false)
  const change = useMutation(
    trpc.users.changePassword.mutationOptions({
      onSuccess: ({ user }) => {
        queryClient.setQueryData(meQueryKey, user)
        void queryClient.invalidateQueries(trpc.users.sessions.pathFilter())
        setCurrent('')
        setNext('')
        setConfirm('')
      },
    }),
  )
  const fields = fieldErrorsOf(change.error)

  const submit = (event: FormEvent) => {
    event.preventDefault()
    setMismatch(next !== confirm)
    if (next === confirm) change.mutate({ currentPassword: current, newPassword: next })
  }

  return (
    <section className="card section" aria-labelledby="password-title">
      <h2 id="password-title" className="section-title">
        Password
      </h2>
      <form className="form" onSubmit={submit} noValidate>
        {/* Tells password managers whose password this is. */}
        <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
        <Field
          label="Current password"
          type="password"
          name="current-password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          errors={fields.currentPassword}
        />
        <Field
          label="New password"
          type="password"
          name="new-password"
          autoComplete="new-password"
          required
          minLength={8}
          hint="At least 8 characters. Signing in elsewhere will need it."
          value={next}
          onChange={(e) => setNext(e.target.value)}
          errors={fields.newPassword}
        />
        <Field
          label="Repeat the new password"
          type="password"
          name="confirm-password"
          autoComplete="new-password"
          required
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          errors={mismatch ? ['The two passwords differ.'] : undefined}
        />
        <Alert tone="success">
          {change.isSuccess ? 'Password changed. Every other session was signed out.' : null}
        </Alert>
        <Alert>{change.error ? errorMessage(change.error) : null}</Alert>
        <div>
          <button type="submit" className="btn btn-primary" disabled={change.isPending}>
            {change.isPending ? 'Changing…' : 'Change password'}
          </button>
        </div>
      </form>
    </section>
  )
}

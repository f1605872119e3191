import { errorMessage, fieldErrorsOf } from '@inkwell/client'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { meQueryKey } from '../../auth/me'
import { Alert } from '../../components/alert'
import { NewPasswordFields, useNewPassword } from '../../components/new-password-fields'
import { PasswordField } from '../../components/password-field'
import { useTRPC } from '../../lib/trpc'

/** A new password. Every other session ends; this one carries on with a fresh token. */
export function PasswordSection({ email }: { readonly email: string }) {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const [current, setCurrent] = useState('')
  const newPassword = useNewPassword()
  const change = useMutation(
    trpc.users.changePassword.mutationOptions({
      onSuccess: ({ user }) => {
        queryClient.setQueryData(meQueryKey, user)
        void queryClient.invalidateQueries(trpc.users.sessions.pathFilter())
        setCurrent('')
        newPassword.clear()
      },
    }),
  )
  const fields = fieldErrorsOf(change.error)

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (newPassword.check()) {
      change.mutate({ currentPassword: current, newPassword: newPassword.password })
    }
  }

  return (
    <section className="card section" aria-labelledby="password-title">
      <h2 id="password-title" className="section-title">
        Password
      </h2>
      <form className="form" onSubmit={submit} noValidate>
        {/* Tells password managers whose password this is. */}
        <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
        <PasswordField
          label="Current password"
          name="current-password"
          purpose="current"
          value={current}
          onChange={setCurrent}
          errors={fields.currentPassword}
        />
        <NewPasswordFields
          state={newPassword}
          name="new-password"
          confirmName="confirm-password"
          hint="At least 8 characters. Signing in elsewhere will need it."
          errors={fields.newPassword}
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

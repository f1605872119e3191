import { errorMessage, fieldErrorsOf } from '@inkwell/client'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { type Me, meQueryKey } from '../../auth/me'
import { Alert } from '../../components/alert'
import { NameField } from '../../components/name-field'
import { useTRPC } from '../../lib/trpc'

/** The name shown in the header and to admins. */
export function ProfileSection({ user }: { readonly user: Me }) {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const [name, setName] = useState(user.name)
  const save = useMutation(
    trpc.users.update.mutationOptions({
      onSuccess: (updated) => {
        queryClient.setQueryData(meQueryKey, updated)
        setName(updated.name)
      },
    }),
  )
  const submit = (event: FormEvent) => {
    event.preventDefault()
    save.mutate({ name })
  }
  return (
    <section className="card section" aria-labelledby="profile-title">
      <h2 id="profile-title" className="section-title">
        Profile
      </h2>
      <form className="form form-inline" onSubmit={submit} noValidate>
        <NameField
          maxLength={100}
          value={name}
          onChange={(value) => {
            setName(value)
            save.reset()
          }}
          errors={fieldErrorsOf(save.error).name}
        />
        <button
          type="submit"
          className="btn btn-primary"
          disabled={save.isPending || name.trim() === user.name}
        >
          {save.isPending ? 'Saving…' : 'Save name'}
        </button>
      </form>
      <Alert tone="success">{save.isSuccess ? 'Name saved.' : null}</Alert>
      <Alert>{save.error ? errorMessage(save.error) : null}</Alert>
    </section>
  )
}

import { errorMessage } from '@inkwell/client'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { type ChangeEvent, type FormEvent, useId, useRef, useState } from 'react'
import { type Me, meQueryKey } from '../../auth/me'
import { Alert } from '../../components/alert'
import { Avatar } from '../../components/avatar'
import { useTRPC } from '../../lib/trpc'
import { useObjectUrl } from '../../lib/use-object-url'

/** The server refuses more (413); saying so before the upload saves the wait. */
const MAX_BYTES = 5 * 1024 * 1024
const ACCEPT = 'image/png,image/jpeg,image/webp,image/gif'

/** The picture shown in the header and to admins: choose one, preview it, upload; or remove. */
export function AvatarSection({ user }: { readonly user: Me }) {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const input = useRef<HTMLInputElement>(null)
  const hintId = useId()
  const [file, setFile] = useState<File | null>(null)
  const preview = useObjectUrl(file)
  const tooBig = file !== null && file.size > MAX_BYTES

  const saved = (updated: Me) => {
    queryClient.setQueryData(meQueryKey, updated)
    setFile(null)
    if (input.current) input.current.value = ''
  }
  const upload = useMutation(trpc.users.uploadAvatar.mutationOptions({ onSuccess: saved }))
  const remove = useMutation(trpc.users.deleteAvatar.mutationOptions({ onSuccess: saved }))
  const busy = upload.isPending || remove.isPending

  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    setFile(event.target.files?.[0] ?? null)
    upload.reset()
    remove.reset()
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!file || tooBig) return
    const form = new FormData()
    form.append('file', file)
    upload.mutate(form)
  }

  const error = upload.error ?? remove.error
  return (
    <section className="card section" aria-labelledby="avatar-title">
      <h2 id="avatar-title" className="section-title">
        Picture
      </h2>
      <form className="avatar-editor" onSubmit={submit} noValidate>
        {preview ? (
          <img
            className="avatar avatar-large"
            src={preview}
            alt="Preview of your new avatar"
            width={96}
            height={96}
          />
        ) : (
          <Avatar name={user.name} url={user.avatarUrl} size="large" />
        )}
        <div className="avatar-controls">
          <div className="field">
            <label htmlFor={`${hintId}-file`}>Choose a picture</label>
            <input
              ref={input}
              id={`${hintId}-file`}
              type="file"
              accept={ACCEPT}
              onChange={choose}
              aria-describedby={hintId}
              aria-invalid={tooBig || undefined}
            />
            <p id={hintId} className="field-hint">
              PNG, JPEG, WebP or GIF, up to 5 MiB. It is cropped to a square.
            </p>
          </div>
          <div className="avatar-actions">
            <button type="submit" className="btn btn-primary" disabled={!file || tooBig || busy}>
              {upload.isPending ? 'Uploading…' : 'Upload'}
            </button>
            {user.avatarUrl && (
              <button
                type="button"
                className="btn btn-danger-text"
                onClick={() => remove.mutate()}
                disabled={busy}
              >
                {remove.isPending ? 'Removing…' : 'Remove picture'}
              </button>
            )}
          </div>
        </div>
      </form>
      <Alert tone="success">
        {upload.isSuccess ? 'Picture saved.' : remove.isSuccess ? 'Picture removed.' : null}
      </Alert>
      <Alert>
        {tooBig
          ? 'That file is over 5 MiB. Choose a smaller one.'
          : error
            ? errorMessage(error)
            : null}
      </Alert>
    </section>
  )
}

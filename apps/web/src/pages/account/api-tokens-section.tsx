import { appCodeOf, errorMessage, fieldErrorsOf, type RouterOutputs } from '@inkwell/client'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { Alert } from '../../components/alert'
import { ErrorPanel } from '../../components/error-panel'
import { Field } from '../../components/field'
import { Loading } from '../../components/loading'
import { formatDate, formatDateTime, formatRelative } from '../../lib/format-date'
import { useTRPC } from '../../lib/trpc'

type ApiToken = RouterOutputs['tokens']['list'][number]
type Scope = ApiToken['scope']

const LIFETIMES = [7, 30, 90, 365] as const

/** Words for the errors only this section meets; the rest are the app's usual ones. */
function tokenErrorMessage(error: unknown): string {
  switch (appCodeOf(error)) {
    case 'TOKEN_LIMIT_REACHED':
      return 'You have 20 API tokens already. Revoke one you no longer use first.'
    case 'TOKEN_NOT_FOUND':
      return 'That token was already revoked.'
    default:
      return errorMessage(error)
  }
}

/**
 * API tokens for scripts and the `inkwell` CLI: the live ones, a form to create one (its
 * secret shown once, with a copy button) and a way to revoke each.
 */
export function ApiTokensSection() {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const tokens = useQuery(trpc.tokens.list.queryOptions())
  const refresh = () => queryClient.invalidateQueries(trpc.tokens.list.pathFilter())
  const [name, setName] = useState('')
  const [scope, setScope] = useState<Scope>('read')
  const [days, setDays] = useState<number>(90)
  const create = useMutation(
    trpc.tokens.create.mutationOptions({
      onSuccess: () => setName(''),
      onSettled: refresh,
    }),
  )
  const revoke = useMutation(trpc.tokens.revoke.mutationOptions({ onSettled: refresh }))
  const scopeId = useId()
  const daysId = useId()

  const submit = (event: FormEvent) => {
    event.preventDefault()
    create.mutate({ name, scope, expiresInDays: days })
  }

  return (
    <section className="card section" aria-labelledby="api-tokens-title">
      <h2 id="api-tokens-title" className="section-title">
        API tokens
      </h2>
      <p className="muted">
        For scripts and the <code>inkwell</code> command line: send one as{' '}
        <code>Authorization: Bearer ink_…</code>. A read token can only look; neither can change
        your password, sessions or tokens.
      </p>
      <form className="form" onSubmit={submit} noValidate aria-label="Create an API token">
        <Field
          label="Token name"
          name="token-name"
          hint="What it is for, e.g. “nightly backup”."
          required
          maxLength={64}
          value={name}
          onChange={(e) => setName(e.target.value)}
          errors={fieldErrorsOf(create.error).name}
        />
        <div className="field">
          <label htmlFor={scopeId}>Access</label>
          <select
            id={scopeId}
            className="select"
            value={scope}
            onChange={(e) => setScope(e.target.value as Scope)}
          >
            <option value="read">Read only</option>
            <option value="write">Read and write</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={daysId}>Expires after</label>
          <select
            id={daysId}
            className="select"
            value={days}
            onChange={(e) => setDays(Number(e.target.value))}
          >
            {LIFETIMES.map((n) => (
              <option key={n} value={n}>
                {n} days
              </option>
            ))}
          </select>
        </div>
        <div>
          <button
            type="submit"
            className="btn btn-primary"
            disabled={create.isPending || !name.trim()}
          >
            {create.isPending ? 'Creating…' : 'Create token'}
          </button>
        </div>
      </form>
      {create.data && (
        <NewToken
          token={create.data.token}
          name={create.data.apiToken.name}
          onDone={create.reset}
        />
      )}
      <Alert>
        {create.error && !fieldErrorsOf(create.error).name ? tokenErrorMessage(create.error) : null}
      </Alert>
      <Alert>{revoke.error ? tokenErrorMessage(revoke.error) : null}</Alert>
      {tokens.isPending ? (
        <Loading label="Loading API tokens…" />
      ) : tokens.isError ? (
        <ErrorPanel error={tokens.error} onRetry={() => tokens.refetch()} />
      ) : tokens.data.length === 0 ? (
        <p className="muted">No API tokens yet.</p>
      ) : (
        <ul className="list" aria-label="API tokens">
          {tokens.data.map((token) => (
            <li key={token.id} className="list-row">
              <div className="list-row-main">
                <span className="list-row-title">
                  {token.name}
                  <span
                    className={token.scope === 'write' ? 'badge badge-warning' : 'badge badge-info'}
                  >
                    {token.scope === 'write' ? 'Read and write' : 'Read only'}
                  </span>
                </span>
                <span className="muted">
                  {token.lastUsedAt ? (
                    <>
                      used{' '}
                      <time dateTime={token.lastUsedAt} title={formatDateTime(token.lastUsedAt)}>
                        {formatRelative(token.lastUsedAt)}
                      </time>
                    </>
                  ) : (
                    'never used'
                  )}{' '}
                  · expires {formatDate(token.expiresAt)}
                </span>
              </div>
              <button
                type="button"
                className="btn btn-small"
                onClick={() => revoke.mutate({ id: token.id })}
                disabled={revoke.isPending && revoke.variables?.id === token.id}
                aria-label={`Revoke ${token.name}`}
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

/** The secret of a token just made: shown this once, with a copy button. */
function NewToken({ token, name, onDone }: { token: string; name: string; onDone: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null)
  const copy = () =>
    navigator.clipboard.writeText(token).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    )
  return (
    <div className="alert alert-success" role="status">
      <p>
        <strong>{name}</strong> is ready. Copy it now: it will not be shown again.
      </p>
      <div className="form form-inline">
        <Field label="Token" readOnly value={token} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" className="btn" onClick={copy}>
          {copied === 'yes' ? 'Copied' : 'Copy'}
        </button>
      </div>
      {copied === 'failed' && <p>Copying failed: select the token and copy it by hand.</p>}
      <button type="button" className="btn btn-small" onClick={onDone}>
        Done
      </button>
    </div>
  )
}

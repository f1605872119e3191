import { errorMessage } from '@inkwell/client'
import { useMutation } from '@tanstack/react-query'
import type { Me } from '../../auth/me'
import { Alert } from '../../components/alert'
import { useTRPC } from '../../lib/trpc'

/** The account's email, whether it is confirmed, and a new confirmation link on request. */
export function EmailSection({ user }: { readonly user: Me }) {
  const trpc = useTRPC()
  const resend = useMutation(trpc.auth.requestEmailVerification.mutationOptions())
  return (
    <section className="card section" aria-labelledby="email-title">
      <h2 id="email-title" className="section-title">
        Email
      </h2>
      <p className="email-line">
        <span className="email-address">{user.email}</span>
        {user.emailVerified ? (
          <span className="badge badge-success">Confirmed</span>
        ) : (
          <span className="badge badge-warning">Not confirmed</span>
        )}
      </p>
      {!user.emailVerified && (
        <>
          <p className="muted">We sent a link when you signed up. Lost it? Get a new one.</p>
          <button
            type="button"
            className="btn"
            onClick={() => resend.mutate()}
            disabled={resend.isPending || resend.isSuccess}
          >
            {resend.isPending ? 'Sending…' : 'Send a new link'}
          </button>
        </>
      )}
      <Alert tone="success">
        {resend.isSuccess ? `A link is on its way to ${user.email}.` : null}
      </Alert>
      <Alert>{resend.error ? errorMessage(resend.error) : null}</Alert>
    </section>
  )
}

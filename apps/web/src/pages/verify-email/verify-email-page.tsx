import { errorMessage } from '@inkwell/client'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef } from 'react'
import { Link, useSearchParams } from 'wouter'
import { type Me, meQueryKey, useMe } from '../../auth/me'
import { Alert } from '../../components/alert'
import { AuthLayout } from '../../components/auth-layout'
import { Loading } from '../../components/loading'
import { useTRPC } from '../../lib/trpc'

/** Opened from the mailed link `/verify-email?token=…`: confirms the address at once. */
export function VerifyEmailPage() {
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const me = useMe()
  const [params] = useSearchParams()
  const token = params.get('token') ?? ''
  const verify = useMutation(
    trpc.auth.verifyEmail.mutationOptions({
      onSuccess: (user) => {
        const current = queryClient.getQueryData<Me | null>(meQueryKey)
        if (current?.id === user.id) queryClient.setQueryData(meQueryKey, user)
      },
    }),
  )
  // The token is single-use: send it once, even when effects run twice in development.
  const sent = useRef(false)
  const { mutate } = verify
  useEffect(() => {
    if (sent.current || !token) return
    sent.current = true
    mutate({ token })
  }, [token, mutate])

  const next = me.data ? '/notes' : '/sign-in'
  return (
    <AuthLayout title="Confirm your email">
      {!token && <Alert>This link is incomplete. Open the link from the mail again.</Alert>}
      {token && (verify.isPending || verify.isIdle) && <Loading label="Confirming…" />}
      {verify.isSuccess && (
        <Alert tone="success">
          <strong>{verify.data.email}</strong> is confirmed. Thank you!
        </Alert>
      )}
      <Alert>{verify.error ? errorMessage(verify.error) : null}</Alert>
      {verify.error && me.data && (
        <p className="form-aside">
          Send a new link from <Link href="/account">your account</Link>.
        </p>
      )}
      {(verify.isSuccess || verify.isError || !token) && (
        <Link href={next} className="btn btn-primary btn-block">
          {me.data ? 'Go to your notes' : 'Sign in'}
        </Link>
      )}
    </AuthLayout>
  )
}

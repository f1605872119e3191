import { errorMessage } from '@inkwell/client'
import { Redirect } from 'expo-router'
import { useState } from 'react'
import { useSession } from '../auth/session'
import { CredentialsForm } from '../ui/credentials-form'

export default function SignIn() {
  const { state, signIn } = useSession()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  if (state.status === 'signedIn') return <Redirect href="/" />
  const expired = state.status === 'signedOut' && state.expired

  async function submit() {
    setBusy(true)
    setError(null)
    try {
      await signIn({ email: email.trim(), password })
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <CredentialsForm
      title="Sign in"
      error={error ?? (expired ? 'Your session has ended. Sign in again.' : null)}
      email={email}
      onEmailChange={setEmail}
      password={password}
      onPasswordChange={setPassword}
      passwordAutoComplete="current-password"
      submitLabel={busy ? 'Signing in…' : 'Sign in'}
      busy={busy}
      onSubmit={submit}
      link={{ href: '/sign-up', label: 'Create an account' }}
    />
  )
}

import { errorMessage, type FieldErrors, fieldErrorsOf } from '@inkwell/client'
import { Redirect } from 'expo-router'
import { useState } from 'react'
import { useSession } from '../auth/session'
import { CredentialsForm } from '../ui/credentials-form'
import { TextField } from '../ui/text-field'

export default function SignUp() {
  const { state, signUp } = useSession()
  const [name, setName] = useState('')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [fields, setFields] = useState<FieldErrors>({})

  if (state.status === 'signedIn') return <Redirect href="/" />

  async function submit() {
    setBusy(true)
    setError(null)
    setFields({})
    try {
      await signUp({ name: name.trim(), email: email.trim(), password })
    } catch (e) {
      setError(errorMessage(e))
      setFields(fieldErrorsOf(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <CredentialsForm
      title="Create your account"
      error={error}
      email={email}
      onEmailChange={setEmail}
      password={password}
      onPasswordChange={setPassword}
      passwordAutoComplete="new-password"
      fieldErrors={fields}
      submitLabel={busy ? 'Creating…' : 'Create account'}
      busy={busy}
      onSubmit={submit}
      link={{ href: '/sign-in', label: 'I have an account: sign in' }}
    >
      <TextField label="Name" value={name} onChangeText={setName} errors={fields.name} />
    </CredentialsForm>
  )
}

import { Redirect, Route, Switch } from 'wouter'
import { useMe } from './auth/me'
import { AppShell } from './components/app-shell'
import { GuestOnly, RequireAuth } from './components/require-auth'
import { AccountPage } from './pages/account/account-page'
import { AdminUsersPage } from './pages/admin/admin-users-page'
import { ForgotPasswordPage } from './pages/forgot-password/forgot-password-page'
import { NotFoundPage } from './pages/not-found/not-found-page'
import { NotePage } from './pages/note/note-page'
import { NotesPage } from './pages/notes/notes-page'
import { ResetPasswordPage } from './pages/reset-password/reset-password-page'
import { SignInPage } from './pages/sign-in/sign-in-page'
import { SignUpPage } from './pages/sign-up/sign-up-page'
import { TrashPage } from './pages/trash/trash-page'
import { VerifyEmailPage } from './pages/verify-email/verify-email-page'

/** Every address the app answers; anything else is the 404 page. */
export function Routes() {
  return (
    <Switch>
      <Route path="/">
        <GuestOnly>
          <Redirect to="/sign-in" replace />
        </GuestOnly>
      </Route>
      <Route path="/sign-in">
        <GuestOnly>
          <SignInPage />
        </GuestOnly>
      </Route>
      <Route path="/sign-up">
        <GuestOnly>
          <SignUpPage />
        </GuestOnly>
      </Route>
      <Route path="/forgot-password">
        <GuestOnly>
          <ForgotPasswordPage />
        </GuestOnly>
      </Route>
      <Route path="/reset-password" component={ResetPasswordPage} />
      <Route path="/verify-email" component={VerifyEmailPage} />
      <Route path="/notes">
        {signedIn(() => (
          <NotesPage />
        ))}
      </Route>
      <Route path="/notes/:id">
        {signedIn(() => (
          <NotePage />
        ))}
      </Route>
      <Route path="/trash">
        {signedIn(() => (
          <TrashPage />
        ))}
      </Route>
      <Route path="/account">
        {signedIn((user) => (
          <AccountPage user={user} />
        ))}
      </Route>
      <Route path="/admin">
        {signedIn((user) =>
          user.role === 'admin' ? <AdminUsersPage user={user} /> : <NotFoundPage />,
        )}
      </Route>
      <Route>
        <NotFound />
      </Route>
    </Switch>
  )
}

function signedIn(page: Parameters<typeof RequireAuth>[0]['children']) {
  return <RequireAuth>{(user) => <AppShell user={user}>{page(user)}</AppShell>}</RequireAuth>
}

/** The 404 page, inside the app's frame when signed in. */
function NotFound() {
  const me = useMe()
  if (me.isPending) return null
  if (me.data) return <AppShell user={me.data}>{<NotFoundPage />}</AppShell>
  return (
    <div className="auth-page">
      <main id="main" className="auth-main">
        <NotFoundPage />
      </main>
    </div>
  )
}

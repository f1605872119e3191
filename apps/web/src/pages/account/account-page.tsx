import type { Me } from '../../auth/me'
import { PageHeader } from '../../components/page-header'
import { EmailSection } from './email-section'
import { PasswordSection } from './password-section'
import { ProfileSection } from './profile-section'
import { SessionsSection } from './sessions-section'

/** Name, email, password and signed-in devices. */
export function AccountPage({ user }: { readonly user: Me }) {
  return (
    <>
      <PageHeader title="Account" description="Your profile, password and signed-in devices." />
      <div className="sections">
        <ProfileSection user={user} />
        <EmailSection user={user} />
        <PasswordSection email={user.email} />
        <SessionsSection />
      </div>
    </>
  )
}

import type { Me } from '../../auth/me'
import { PageHeader } from '../../components/page-header'
import { ApiTokensSection } from './api-tokens-section'
import { AvatarSection } from './avatar-section'
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
        <AvatarSection user={user} />
        <EmailSection user={user} />
        <PasswordSection email={user.email} />
        <SessionsSection />
        <ApiTokensSection />
      </div>
    </>
  )
}

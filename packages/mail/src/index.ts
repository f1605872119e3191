export { createMailer, type Mail, type Mailer, type MailerOptions, type MailLogger } from './mailer'

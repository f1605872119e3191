export {
  createMailer,
  type Mail,
  type Mailer,
  type MailerOptions,
  type MailLogger,
  smtpTimeouts,
} from './mailer'

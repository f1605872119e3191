export { type ReceivedMail, type SmtpTestServer, startSmtpTestServer } from './smtp-test-server'

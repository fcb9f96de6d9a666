export { createMailer, MailSendError, type Mailer, type MailOption, type OutgoingEmail } from './mailer';

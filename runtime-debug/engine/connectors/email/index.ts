/** The Email connector (SMTP sending, IMAP mailboxes): registers its operations with the compiler (import for side effects). */
import './operations';

export const EMAIL_CONNECTOR_LOADED = true;

// Package mail delivers twofa's plain-text mail.
//
// New picks the implementation from a URL: an empty URL yields a Log mailer
// that writes every message to the log (for development), and an smtp:// or
// smtps:// URL yields an SMTP mailer built on github.com/wneessen/go-mail.
//
//	smtp://host:587                       STARTTLS when offered, plain otherwise
//	smtp://host:587?starttls=required     STARTTLS or fail
//	smtps://host:465                      TLS from the first byte
//	smtp://user:pass@host                 SMTP AUTH (PLAIN, or LOGIN when only that is offered)
//
// The port defaults to 587 for smtp and 465 for smtps. Credentials are only
// sent on encrypted connections (or to a loopback server).
package mail

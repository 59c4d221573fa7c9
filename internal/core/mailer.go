package core

import "context"

// Message is one plain-text mail.
type Message struct {
	To      string
	Subject string
	Text    string
}

// Mailer delivers mail. Implementations: SMTP, and the log for development.
type Mailer interface {
	Send(ctx context.Context, m Message) error
}

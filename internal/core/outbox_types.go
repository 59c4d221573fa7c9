package core

import "time"

// Kinds of mail in the outbox.
const (
	// MailCode is a mail carrying a one-time code. It is worthless once the
	// code expires, and its sending was charged against mail limits.
	MailCode = "code"
	// MailNotification tells the account owner about a security event.
	MailNotification = "notification"
)

// OutboxMessage is one mail waiting in (or gone through) the outbox. The
// body is kept sealed under the key ring, so a copy of the database does not
// hand out the codes of mails not yet delivered.
type OutboxMessage struct {
	ID        string
	Kind      string // MailCode or MailNotification
	To        string
	Subject   string
	Body      []byte // sealed text; emptied once delivered or given up
	CreatedAt time.Time
	// NextAttemptAt is when the message is next due. While a sender holds
	// a claim on it, it is the end of that claim.
	NextAttemptAt time.Time
	// Attempts counts finished delivery attempts.
	Attempts  int
	LastError string
	// GiveUpAt is the instant after which the message is no longer worth
	// delivering (a code's expiry; a day for a notification).
	GiveUpAt time.Time
	// ChargedKeys are the limit keys its sending was counted against; when
	// the message is given up, one attempt is taken back from each.
	ChargedKeys []string
	// Claim names the sender delivering it now, "" when none.
	Claim       string
	DeliveredAt time.Time
	GaveUpAt    time.Time
}

// MailBacklog describes the mail not yet delivered nor given up.
type MailBacklog struct {
	Count int
	// Oldest is the CreatedAt of the oldest such message (zero when none).
	Oldest time.Time
}

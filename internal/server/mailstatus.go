package server

import "time"

// MailStatus is the last check of the mail server, shown by /readyz under
// "mail". twofa serve checks the --smtp server at start and then every
// half minute.
type MailStatus struct {
	// SMTP is "reachable", or "unreachable: " and the cause.
	SMTP string `json:"smtp"`
	// CheckedAt is when the check ran.
	CheckedAt time.Time `json:"checkedAt"`
}

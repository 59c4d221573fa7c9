package core

// SessionView is a live session with its user and the user's count of
// unused recovery codes, as Store.SessionViewByHash reads them together:
// everything a request signed in by the session needs to be answered.
type SessionView struct {
	Session Session
	User    User
	// RecoveryLeft counts the user's unused recovery codes.
	RecoveryLeft int
}

package main

import (
	"context"
	"io"
	"log/slog"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/logbuf"
)

// eventKey is the attribute that names an audit event's type in the log.
// Lines that carry it are flushed at once, like warnings.
const eventKey = "event"

// newLogger returns serve's logger, in the format and at the level of c,
// writing to w through a logbuf.Writer: lines wait up to
// logbuf.DefaultInterval in memory, except warnings, errors and audit
// events, which are written before the log call returns. The caller must
// Close the Writer on every way out.
func newLogger(c *config, w io.Writer) (*slog.Logger, *logbuf.Writer) {
	buf := logbuf.New(w, logbuf.Options{})
	opts := &slog.HandlerOptions{Level: c.LogLevel}
	var h slog.Handler = slog.NewTextHandler(buf, opts)
	if c.LogFormat == "json" {
		h = slog.NewJSONHandler(buf, opts)
	}
	return slog.New(buf.Handler(h, eventKey)), buf
}

// alarmingEvents are the audit events logged at warn rather than info: a
// lock, and a reused authorization code or refresh token, which tell of
// an attack under way or a token that leaked.
var alarmingEvents = map[string]bool{
	core.EventAccountLocked:  true,
	core.EventAppCodeReused:  true,
	core.EventAppTokenReused: true,
}

// logEvents returns a core.Deps.OnEvent hook that writes a line per audit
// event to log, naming the account, the client address and the detail
// (the audit trail in the database holds the same), and then calls next
// with the event's type.
func logEvents(log *slog.Logger, next func(typ string)) func(e *core.Event) {
	return func(e *core.Event) {
		level := slog.LevelInfo
		if alarmingEvents[e.Type] {
			level = slog.LevelWarn
		}
		log.Log(context.Background(), level, "audit event", eventKey, e.Type,
			"user", e.UserID, "ip", e.IP, "detail", e.Detail)
		next(e.Type)
	}
}

package mail

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/twofa-dev/twofa/internal/core"
)

// Log is a development Mailer: it delivers nothing and writes each message,
// including its full text (and so any code in it), to a slog logger at INFO.
type Log struct {
	logger *slog.Logger
}

var _ core.Mailer = (*Log)(nil)

// NewLog returns a Log mailer writing to logger (slog.Default when nil).
func NewLog(logger *slog.Logger) *Log {
	if logger == nil {
		logger = slog.Default()
	}
	return &Log{logger: logger}
}

// Send writes m to the log. It fails only when ctx is already done.
func (l *Log) Send(ctx context.Context, m core.Message) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("log mailer: send to %s: %w", m.To, err)
	}
	l.logger.InfoContext(ctx, "mail not delivered (log mailer)",
		"to", m.To, "subject", m.Subject, "text", m.Text)
	return nil
}

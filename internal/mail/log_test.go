package mail_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/mail"
)

// logLines decodes the JSON log records written to buf.
func logLines(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		if line == "" {
			continue
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		out = append(out, rec)
	}
	return out
}

func TestNewWithoutURLWarnsAndLogsMail(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, nil))

	m, err := mail.New("", "", logger)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if _, ok := m.(*mail.Log); !ok {
		t.Fatalf("New(\"\") = %T, want *mail.Log", m)
	}
	recs := logLines(t, &buf)
	if len(recs) != 1 || recs[0]["level"] != "WARN" || !strings.Contains(recs[0]["msg"].(string), "NOT delivered") {
		t.Fatalf("New(\"\") logged %v, want one loud WARN", recs)
	}
	buf.Reset()

	msg := core.Message{
		To:      "ada@example.com",
		Subject: "Your sign-in code",
		Text:    "Your code is 123456.\nIt expires in 10 minutes.\n",
	}
	if err := m.Send(context.Background(), msg); err != nil {
		t.Fatalf("Send: %v", err)
	}
	recs = logLines(t, &buf)
	if len(recs) != 1 {
		t.Fatalf("Send logged %d records, want 1: %v", len(recs), recs)
	}
	got := recs[0]
	if got["level"] != "INFO" || got["to"] != msg.To || got["subject"] != msg.Subject || got["text"] != msg.Text {
		t.Errorf("Send logged %v, want level INFO with to, subject and the full text", got)
	}
}

func TestLogSendHonoursCancelledContext(t *testing.T) {
	var buf bytes.Buffer
	l := mail.NewLog(slog.New(slog.NewTextHandler(&buf, nil)))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := l.Send(ctx, core.Message{To: "ada@example.com", Subject: "s", Text: "t"})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Send with cancelled ctx = %v, want context.Canceled", err)
	}
	if buf.Len() != 0 {
		t.Errorf("cancelled Send still logged: %s", buf.String())
	}
}

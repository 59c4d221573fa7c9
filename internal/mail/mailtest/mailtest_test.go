package mailtest

import (
	"net/smtp"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestParseReceivedDecodesBodies(t *testing.T) {
	tests := []struct {
		name, raw, subject, text string
	}{
		{
			name:    "7bit",
			raw:     "Subject: Hi\r\n\r\nyour code is 123456\r\n",
			subject: "Hi", text: "your code is 123456\n",
		},
		{
			name: "quoted-printable",
			raw: "Subject: =?UTF-8?q?C=C3=B3digo?=\r\nContent-Type: text/plain; charset=UTF-8\r\n" +
				"Content-Transfer-Encoding: quoted-printable\r\n\r\nOl=C3=A1, code=3D 654321 and a soft=\r\n break\r\n",
			subject: "Código", text: "Olá, code= 654321 and a soft break\n",
		},
		{
			name: "multipart with base64 text",
			raw: "Subject: =?UTF-8?b?Q8OzZGlnbw==?=\r\nMIME-Version: 1.0\r\n" +
				"Content-Type: multipart/alternative; boundary=XX\r\n\r\n" +
				"--XX\r\nContent-Type: text/html\r\n\r\n<p>html</p>\r\n" +
				"--XX\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
				"eW91ciBjb2RlIGlz\r\nIDExMTIyMg==\r\n--XX--\r\n",
			subject: "Código", text: "your code is 111222",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseReceived("a@example.com", []string{"b@example.com"}, []byte(tt.raw), true)
			if err != nil {
				t.Fatalf("parseReceived: %v", err)
			}
			if got.Subject != tt.subject || got.Text != tt.text {
				t.Errorf("got Subject %q Text %q, want %q and %q", got.Subject, got.Text, tt.subject, tt.text)
			}
		})
	}
}

func TestParseReceivedRejectsNonText(t *testing.T) {
	raw := "Subject: x\r\nContent-Type: image/png\r\n\r\nPNG"
	if _, err := parseReceived("a@example.com", nil, []byte(raw), false); err == nil {
		t.Error("parseReceived accepted an image/png body")
	}
}

func TestFind(t *testing.T) {
	r := Received{Subject: "Code 111111", Text: "or 222222"}
	if got := r.Find(regexp.MustCompile(`Code (\d+)`)); got != "111111" {
		t.Errorf("Find in subject = %q", got)
	}
	if got := r.Find(regexp.MustCompile(`or (\d+)`)); got != "222222" {
		t.Errorf("Find in text = %q", got)
	}
	if got := r.Find(regexp.MustCompile(`nothing (\d+)`)); got != "" {
		t.Errorf("Find without match = %q", got)
	}
	if got := r.Find(regexp.MustCompile(`\d+`)); got != "" {
		t.Errorf("Find without a group = %q", got)
	}
}

// TestWaitForTakesMessagesInOrder drives the server with net/smtp, an
// independent client.
func TestWaitForTakesMessagesInOrder(t *testing.T) {
	srv := NewServer(t)
	send := func(to, subject string) {
		msg := "From: a@example.com\r\nTo: " + to + "\r\nSubject: " + subject + "\r\n\r\nbody\r\n"
		if err := smtp.SendMail(srv.Addr(), nil, "a@example.com", []string{to}, []byte(msg)); err != nil {
			t.Errorf("SendMail: %v", err) // may run on another goroutine
		}
	}
	send("ada@example.com", "first")
	send("bob@example.com", "other")
	send("Ada@Example.com", "second")

	for _, want := range []string{"first", "second"} {
		if got := srv.WaitFor(t, "ada@example.com", 5*time.Second); got.Subject != want {
			t.Errorf("WaitFor = %q, want %q", got.Subject, want)
		}
	}
	sent := make(chan struct{})
	go func() {
		defer close(sent)
		send("ada@example.com", "later")
	}()
	defer func() { <-sent }()
	if got := srv.WaitFor(t, "ada@example.com", 5*time.Second); got.Subject != "later" {
		t.Errorf("WaitFor = %q, want the message sent while waiting", got.Subject)
	}
	if n := len(srv.Messages()); n != 4 {
		t.Errorf("Messages() has %d, want 4", n)
	}
	if strings.HasPrefix(srv.URL(), "smtps") || srv.TLSConfig() != nil {
		t.Error("plain server reports TLS")
	}
}

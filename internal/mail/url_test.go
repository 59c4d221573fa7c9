package mail

import (
	"strings"
	"testing"
)

func TestParseURL(t *testing.T) {
	tests := []struct {
		url  string
		want endpoint
	}{
		{"smtp://mail.example.com", endpoint{host: "mail.example.com", port: 587, security: startTLSOpportunistic}},
		{"smtp://mail.example.com:25/", endpoint{host: "mail.example.com", port: 25, security: startTLSOpportunistic}},
		{"smtp://mail.example.com?starttls=required", endpoint{host: "mail.example.com", port: 587, security: startTLSRequired}},
		{"smtp://mail.example.com?starttls=opportunistic", endpoint{host: "mail.example.com", port: 587, security: startTLSOpportunistic}},
		{"smtps://mail.example.com", endpoint{host: "mail.example.com", port: 465, security: implicitTLS}},
		{"smtps://[::1]:2465", endpoint{host: "::1", port: 2465, security: implicitTLS}},
		{"smtp://ada%40example.com:p%3As%40ss@mail.example.com:587",
			endpoint{host: "mail.example.com", port: 587, security: startTLSOpportunistic, user: "ada@example.com", pass: "p:s@ss"}},
	}
	for _, tt := range tests {
		got, err := parseURL(tt.url)
		if err != nil {
			t.Errorf("parseURL(%q): %v", tt.url, err)
			continue
		}
		if got != tt.want {
			t.Errorf("parseURL(%q) = %+v, want %+v", tt.url, got, tt.want)
		}
	}
}

func TestParseURLErrorsNameTheField(t *testing.T) {
	tests := []struct {
		url, want string
	}{
		{"http://mail.example.com", `smtp url: unknown scheme "http" (use smtp:// or smtps://)`},
		{"mail.example.com:587", `smtp url: unknown scheme "mail.example.com" (use smtp:// or smtps://)`},
		{"smtp://", "smtp url: missing host"},
		{"smtp://:587", "smtp url: missing host"},
		{"smtp://mail.example.com:0", `smtp url: bad port "0"`},
		{"smtp://mail.example.com:65536", `smtp url: bad port "65536"`},
		{"smtp://mail.example.com:abc", "port"},
		{"smtp://mail.example.com?tls=on", `smtp url: unknown query parameter "tls"`},
		{"smtp://mail.example.com?starttls=maybe", `smtp url: query parameter starttls="maybe"`},
		{"smtp://mail.example.com?starttls=required&starttls=required", "starttls given more than once"},
		{"smtp://mail.example.com?starttls=%zz", "smtp url: bad query"},
		{"smtps://mail.example.com?starttls=required", "starttls does not apply to smtps://"},
		{"smtp://mail.example.com/inbox", `smtp url: unexpected path "/inbox"`},
		{"smtp://ada@mail.example.com", "smtp url: user info needs both user and password"},
		{"smtp://:secret@mail.example.com", "smtp url: user info needs both user and password"},
	}
	for _, tt := range tests {
		_, err := parseURL(tt.url)
		if err == nil {
			t.Errorf("parseURL(%q) succeeded, want error containing %q", tt.url, tt.want)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("parseURL(%q) error = %q, want it to contain %q", tt.url, err, tt.want)
		}
	}
}

func TestParseURLErrorHidesPassword(t *testing.T) {
	for _, u := range []string{
		"smtp://ada:hunter2@mail.example.com:abc",
		"smtp://ada:hunter2@mail.example.com/x",
		"smtp://ada:hunter2@mail.example.com?x=1",
		"smtp://ada:hunter2@mail.example.com:99999",
	} {
		_, err := parseURL(u)
		if err == nil {
			t.Fatalf("parseURL(%q) succeeded", u)
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("parseURL(%q) error leaks the password: %v", u, err)
		}
	}
}

func TestNewValidatesFromAndTimeout(t *testing.T) {
	tests := []struct {
		from string
		opts []Option
		want string
	}{
		{"", nil, "mail from: a sender address is required"},
		{"not an address", nil, `mail from: invalid address "not an address"`},
		{"twofa@example.com", []Option{WithTimeout(0)}, "mail: timeout must be positive"},
	}
	for _, tt := range tests {
		_, err := New("smtp://mail.example.com", tt.from, nil, tt.opts...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("New(from %q) error = %v, want it to contain %q", tt.from, err, tt.want)
		}
	}
	if _, err := New("smtp://mail.example.com", "Twofa <twofa@example.com>", nil); err != nil {
		t.Errorf("New with a display-name sender: %v", err)
	}
}

func TestClientTLSConfigFillsServerName(t *testing.T) {
	cfg := clientTLSConfig(nil, "mail.example.com")
	if cfg.ServerName != "mail.example.com" || cfg.MinVersion == 0 {
		t.Errorf("clientTLSConfig(nil) = ServerName %q MinVersion %x", cfg.ServerName, cfg.MinVersion)
	}
}

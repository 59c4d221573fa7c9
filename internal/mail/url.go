package mail

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
)

// security is how the SMTP connection is protected.
type security int

const (
	startTLSOpportunistic security = iota // smtp://, STARTTLS when offered
	startTLSRequired                      // smtp://...?starttls=required
	implicitTLS                           // smtps://
)

// String names the mode for logs.
func (s security) String() string {
	switch s {
	case startTLSOpportunistic:
		return "starttls-opportunistic"
	case startTLSRequired:
		return "starttls-required"
	case implicitTLS:
		return "implicit-tls"
	}
	return "unknown"
}

// endpoint is a parsed SMTP URL.
type endpoint struct {
	host     string
	port     int
	security security
	user     string
	pass     string
}

func (e endpoint) addr() string {
	return net.JoinHostPort(e.host, strconv.Itoa(e.port))
}

// parseURL parses an smtp:// or smtps:// URL. Its errors never contain the
// password.
func parseURL(rawURL string) (endpoint, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		// url.Error repeats the whole URL, password included; keep only the cause.
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return endpoint{}, fmt.Errorf("smtp url: %w", err)
	}

	var ep endpoint
	defaultPort := 587
	switch u.Scheme {
	case "smtp":
		ep.security = startTLSOpportunistic
	case "smtps":
		ep.security = implicitTLS
		defaultPort = 465
	default:
		return endpoint{}, fmt.Errorf("smtp url: unknown scheme %q (use smtp:// or smtps://)", u.Scheme)
	}

	ep.host = u.Hostname()
	if ep.host == "" {
		return endpoint{}, errors.New("smtp url: missing host (want smtp://host:port)")
	}
	ep.port = defaultPort
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return endpoint{}, fmt.Errorf("smtp url: bad port %q (want 1-65535)", p)
		}
		ep.port = n
	}
	if u.Path != "" && u.Path != "/" {
		return endpoint{}, fmt.Errorf("smtp url: unexpected path %q", u.Path)
	}
	if u.Fragment != "" {
		return endpoint{}, fmt.Errorf("smtp url: unexpected fragment %q", u.Fragment)
	}

	if u.User != nil {
		ep.user = u.User.Username()
		pass, ok := u.User.Password()
		if ep.user == "" || !ok {
			return endpoint{}, errors.New("smtp url: user info needs both user and password (smtp://user:pass@host)")
		}
		ep.pass = pass
	}

	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return endpoint{}, fmt.Errorf("smtp url: bad query: %w", err)
	}
	if err := parseQuery(q, &ep); err != nil {
		return endpoint{}, err
	}
	return ep, nil
}

// parseQuery applies the URL's query parameters; only starttls is known.
func parseQuery(q url.Values, ep *endpoint) error {
	for key, values := range q {
		if key != "starttls" {
			return fmt.Errorf("smtp url: unknown query parameter %q (only starttls is known)", key)
		}
		if ep.security == implicitTLS {
			return errors.New("smtp url: query parameter starttls does not apply to smtps://")
		}
		if len(values) != 1 {
			return errors.New("smtp url: query parameter starttls given more than once")
		}
		switch values[0] {
		case "required":
			ep.security = startTLSRequired
		case "opportunistic":
			ep.security = startTLSOpportunistic
		default:
			return fmt.Errorf("smtp url: query parameter starttls=%q (want required or opportunistic)", values[0])
		}
	}
	return nil
}

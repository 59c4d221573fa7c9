package mailtest

import (
	"io"
	"slices"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// backend creates one session per SMTP connection.
type backend struct{ s *Server }

// NewSession implements smtp.Backend.
func (b backend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &session{srv: b.s, conn: c}, nil
}

// session is one SMTP connection's state; go-smtp calls it from a single
// goroutine.
type session struct {
	srv    *Server
	conn   *smtp.Conn
	authed bool
	from   string
	to     []string
}

// AuthMechanisms implements smtp.AuthSession.
func (ss *session) AuthMechanisms() []string {
	if ss.srv.cfg.user == "" {
		return nil
	}
	return ss.srv.cfg.mechs
}

// Auth implements smtp.AuthSession.
func (ss *session) Auth(mech string) (sasl.Server, error) {
	if !slices.Contains(ss.AuthMechanisms(), mech) {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	if mech == "LOGIN" {
		return &loginServer{check: ss.checkCredentials}, nil
	}
	return sasl.NewPlainServer(func(identity, user, pass string) error {
		if identity != "" && identity != user {
			return smtp.ErrAuthFailed
		}
		return ss.checkCredentials(user, pass)
	}), nil
}

func (ss *session) checkCredentials(user, pass string) error {
	if user != ss.srv.cfg.user || pass != ss.srv.cfg.pass {
		return smtp.ErrAuthFailed
	}
	ss.authed = true
	return nil
}

// Mail implements smtp.Session; it enforces WithAuth and SetFault(Refuse).
func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if ss.srv.cfg.user != "" && !ss.authed {
		return smtp.ErrAuthRequired
	}
	if err := ss.srv.refuse(); err != nil {
		return err
	}
	ss.from = from
	return nil
}

// Rcpt implements smtp.Session.
func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.to = append(ss.to, to)
	return nil
}

// Data implements smtp.Session: it parses and records the message, and
// rejects mail it cannot parse so the client sees the failure.
func (ss *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	_, isTLS := ss.conn.TLSConnectionState()
	rec, err := parseReceived(ss.from, ss.to, raw, isTLS)
	if err != nil {
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: "mailtest: " + err.Error()}
	}
	ss.srv.add(rec)
	ss.Reset()
	return nil
}

// Reset implements smtp.Session.
func (ss *session) Reset() {
	ss.from = ""
	ss.to = nil
}

// Logout implements smtp.Session.
func (ss *session) Logout() error { return nil }

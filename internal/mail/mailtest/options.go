package mailtest

// ServerOption configures a Server.
type ServerOption func(*config)

type config struct {
	startTLS    bool
	implicitTLS bool
	user, pass  string
	mechs       []string
	fault       Fault
}

// WithSTARTTLS makes the server offer STARTTLS with a self-signed
// certificate for 127.0.0.1; Server.TLSConfig trusts it.
func WithSTARTTLS() ServerOption {
	return func(c *config) { c.startTLS = true }
}

// WithImplicitTLS makes the server speak TLS from the first byte (smtps).
func WithImplicitTLS() ServerOption {
	return func(c *config) { c.implicitTLS = true }
}

// WithAuth requires SMTP AUTH with these credentials before MAIL FROM.
// As on real servers, AUTH is only offered on an encrypted connection, so
// combine it with WithSTARTTLS or WithImplicitTLS. The mechanism is PLAIN
// unless WithAuthMechanisms says otherwise.
func WithAuth(user, pass string) ServerOption {
	return func(c *config) { c.user, c.pass = user, pass }
}

// WithAuthMechanisms sets the SASL mechanisms offered with WithAuth, in
// order; "PLAIN" and "LOGIN" are supported.
func WithAuthMechanisms(mechs ...string) ServerOption {
	return func(c *config) { c.mechs = mechs }
}

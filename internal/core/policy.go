package core

// Error codes of the settings administrators set (see Settings).
const (
	// CodeSignupClosed refuses a sign-up while sign-up is closed.
	CodeSignupClosed = "signup-closed"
	// CodeMethodDisallowed refuses to turn on a second factor that the
	// settings do not allow.
	CodeMethodDisallowed = "method-disallowed"
)

var errSignupClosed = errorf(CodeSignupClosed, "sign-up is closed on this server; ask an administrator for an account")

// allows reports whether accounts may turn method on.
func (c *Config) allows(method string) bool {
	switch method {
	case MethodTOTP:
		return !c.TOTPDisallowed
	case MethodEmail:
		return !c.EmailDisallowed
	}
	return true
}

// EmailCodesForNewAccounts reports whether new accounts start with email
// codes on: the default says so and email codes are allowed.
func (c *Config) EmailCodesForNewAccounts() bool { return c.Email2FADefault && c.allows(MethodEmail) }

// requireAllowed refuses to turn on a method the settings do not allow.
func (s *Service) requireAllowed(method string) error {
	if s.cfg().allows(method) {
		return nil
	}
	if method == MethodTOTP {
		return errorf(CodeMethodDisallowed, "your administrator does not allow authenticator apps as a second factor on this server").about("method")
	}
	return errorf(CodeMethodDisallowed, "your administrator does not allow email codes as a second factor on this server").about("method")
}

// usable reports which of the account's second factors it may present: a
// method the settings no longer allow stays usable only while it is the
// account's only one, so that taking a method off the list never leaves an
// account without a way in.
func (c *Config) usable(u *User) (totp, email bool) {
	totp, email = u.TOTPEnabled(), u.Email2FA
	if totp && email {
		switch {
		case c.EmailDisallowed && !c.TOTPDisallowed:
			email = false
		case c.TOTPDisallowed && !c.EmailDisallowed:
			totp = false
		}
	}
	return totp, email
}

package core

// HasSecondFactor reports whether the account has a second factor on (an
// authenticator app or email codes), so that its logins ask for one.
func (u *User) HasSecondFactor() bool { return u.TOTPEnabled() || u.Email2FA }

// TwoFactor reports whether the session was made with a second factor: by
// a login that answered one, by a trusted device (which such a login
// made), or later by a step-up proof. A session of an account without a
// second factor, made with the password alone, is one-factor.
func (p *Principal) TwoFactor() bool {
	return p.Session.TwoFactor() || !p.Session.SecondFactorAt.IsZero()
}

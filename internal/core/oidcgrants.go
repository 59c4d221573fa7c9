package core

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"time"
)

// OAuth error codes the provider's rules return (RFC 6749 and OpenID
// Connect Core, section 3.1.2.6).
const (
	OAuthInvalidRequest      = "invalid_request"
	OAuthInvalidGrant        = "invalid_grant"
	OAuthAccessDenied        = "access_denied"
	OAuthLoginRequired       = "login_required"
	OAuthConsentRequired     = "consent_required"
	OAuthInteractionRequired = "interaction_required"
)

// ACRMFA is the acr value of a login that passed a second factor; a
// client that asks acr_values=mfa (or the PAPE multi-factor policy URI)
// gets no login without one.
const ACRMFA = "mfa"

// acrMultiFactorPAPE is the OpenID PAPE policy URI for multi-factor
// authentication, which some clients send as an acr value.
const acrMultiFactorPAPE = "http://schemas.openid.net/pape/policies/2007/06/multi-factor"

// RefreshTokenPrefix begins every refresh token, so that one is told
// from an access token (and found by secret scanners).
const RefreshTokenPrefix = "twofa_rt_"

// GrantError is a refusal by the provider's rules, named by an OAuth error
// code, to be returned to the client.
type GrantError struct {
	OAuthCode   string
	Description string
	// NotToClient tells that the error must be shown by twofa, not sent
	// to the request's redirect URI, which is not known to be the
	// client's (an unknown client, or a URI it did not register).
	NotToClient bool
}

func (e *GrantError) Error() string { return e.OAuthCode + ": " + e.Description }

func grantError(code, description string) *GrantError {
	return &GrantError{OAuthCode: code, Description: description}
}

// AsGrantError reports whether err is (or wraps) a *GrantError.
func AsGrantError(err error) (*GrantError, bool) {
	var g *GrantError
	ok := errors.As(err, &g)
	return g, ok
}

// OIDCStepKind says what a sign-in request of an app needs next.
type OIDCStepKind int

// What a sign-in request needs next.
const (
	// OIDCNeedLogin: the browser must log in (again), then come back.
	OIDCNeedLogin OIDCStepKind = iota + 1
	// OIDCNeedEnrol: the app needs a second factor that the account does
	// not have, or the enforcement setting needs an authenticator app or a
	// security key and it has neither; the user must set one up first.
	OIDCNeedEnrol
	// OIDCNeedConsent: the user must say whether the app may have the
	// scopes asked for.
	OIDCNeedConsent
	// OIDCDone: the request is complete; the browser goes back to the app
	// with a code.
	OIDCDone
	// OIDCRefused: the request ends with an error sent back to the app
	// (Err tells which).
	OIDCRefused
)

// OIDCStep is the outcome of looking at a sign-in request with the
// browser's session.
type OIDCStep struct {
	Kind    OIDCStepKind
	Request *OIDCAuthRequest
	Client  *OIDCClient
	// Err is set when Kind is OIDCRefused.
	Err *GrantError
}

// StartOIDCRequest stores a new sign-in request of a client and returns
// it with its ID. The client must exist and the redirect URI must be one
// it registered, character for character (no port or pattern leeway, also
// for loopback); both refusals are NotToClient. A public client must use
// PKCE with S256; the plain method is refused for everyone.
func (s *Service) StartOIDCRequest(ctx context.Context, r *OIDCAuthRequest) (*OIDCAuthRequest, error) {
	c, err := s.store.OIDCClient(ctx, r.ClientID)
	if errors.Is(err, ErrNotFound) {
		return nil, &GrantError{OAuthCode: OAuthInvalidRequest, Description: "unknown client_id", NotToClient: true}
	}
	if err != nil {
		return nil, fmt.Errorf("read oidc client: %w", err)
	}
	switch {
	case !slices.Contains(c.RedirectURIs, r.RedirectURI):
		return nil, &GrantError{OAuthCode: OAuthInvalidRequest, Description: "redirect_uri is not registered for this client", NotToClient: true}
	case r.CodeChallenge == "" && c.Public:
		return nil, grantError(OAuthInvalidRequest, "a public client must send a PKCE code_challenge (S256)")
	case r.CodeChallenge != "" && r.CodeChallengeMethod != "S256":
		return nil, grantError(OAuthInvalidRequest, "code_challenge_method must be S256")
	}
	id, err := newID(s.rand, "ar_")
	if err != nil {
		return nil, err
	}
	now := s.clock()
	r.ID, r.CreatedAt, r.ExpiresAt = id, now, now.Add(s.cfg().OIDCRequestTTL)
	if err := s.store.CreateOIDCAuthRequest(ctx, r); err != nil {
		return nil, fmt.Errorf("store oidc request: %w", err)
	}
	return r, nil
}

// OIDCRequest returns a live sign-in request and its client.
func (s *Service) OIDCRequest(ctx context.Context, id string) (*OIDCAuthRequest, *OIDCClient, error) {
	r, err := s.store.OIDCAuthRequest(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return nil, nil, errRequestGone
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read oidc request: %w", err)
	}
	if !r.ExpiresAt.After(s.clock()) {
		return nil, nil, errRequestGone
	}
	c, err := s.store.OIDCClient(ctx, r.ClientID)
	if errors.Is(err, ErrNotFound) {
		return nil, nil, errRequestGone
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read oidc client: %w", err)
	}
	return r, c, nil
}

var errRequestGone = errorf(CodeNotFound, "this sign-in request has expired or is unknown: go back to the app and sign in again").about("id")

// ContinueOIDC decides what the sign-in request id needs, given the
// browser's session p (nil when there is none), and completes it when
// nothing more is needed.
func (s *Service) ContinueOIDC(ctx context.Context, id string, p *Principal) (*OIDCStep, error) {
	r, c, err := s.OIDCRequest(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.continueOIDC(ctx, r, c, p, false)
}

// ConsentOIDC records the user's answer on the consent page: allowed, the
// client may have the request's scopes from now on (and the request goes
// on); refused, the request ends with access_denied.
func (s *Service) ConsentOIDC(ctx context.Context, id string, p *Principal, allow bool, meta ClientMeta) (*OIDCStep, error) {
	r, c, err := s.OIDCRequest(ctx, id)
	if err != nil {
		return nil, err
	}
	if !allow {
		return &OIDCStep{Kind: OIDCRefused, Request: r, Client: c, Err: grantError(OAuthAccessDenied, "the user did not allow access")}, nil
	}
	if p == nil || s.EnrollmentState(p.User).Restricted {
		return s.continueOIDC(ctx, r, c, p, false)
	}
	scopes := slices.Clone(r.Scopes)
	if old, err := s.store.OIDCConsent(ctx, p.User.ID, c.ID); err == nil {
		scopes = union(old.Scopes, scopes)
	} else if !errors.Is(err, ErrNotFound) {
		return nil, fmt.Errorf("read consent: %w", err)
	}
	now := s.clock()
	err = s.atomically(ctx, func(st Store) error {
		if err := st.PutOIDCConsent(ctx, &OIDCConsent{UserID: p.User.ID, ClientID: c.ID, Scopes: scopes, GrantedAt: now, LastUsed: now}); err != nil {
			return fmt.Errorf("store consent: %w", err)
		}
		return s.record(ctx, st, p.User.ID, EventAppAuthorized, meta, c.Name)
	})
	if err != nil {
		return nil, err
	}
	return s.continueOIDC(ctx, r, c, p, true)
}

// continueOIDC decides the next step of the live request r of client c
// for the browser signed in as p; consented tells that the user has just
// allowed the request's scopes.
func (s *Service) continueOIDC(ctx context.Context, r *OIDCAuthRequest, c *OIDCClient, p *Principal, consented bool) (*OIDCStep, error) {
	step := &OIDCStep{Request: r, Client: c}
	if !r.DoneAt.IsZero() {
		step.Kind = OIDCDone
		return step, nil
	}
	none := slices.Contains(r.Prompt, "none")
	refuse := func(code, why string) (*OIDCStep, error) {
		step.Kind, step.Err = OIDCRefused, grantError(code, why)
		return step, nil
	}
	now := s.clock()
	switch {
	case p == nil:
		if none {
			return refuse(OAuthLoginRequired, "nobody is signed in")
		}
		step.Kind = OIDCNeedLogin
		return step, nil
	case loginTooOld(r, p.Session, now):
		if none {
			return refuse(OAuthLoginRequired, "the sign-in is older than the client allows")
		}
		step.Kind = OIDCNeedLogin
		return step, nil
	}
	if s.EnrollmentState(p.User).Restricted {
		// The enforcement setting's grace period is over: the account
		// signs in nowhere until it has an authenticator app or a key.
		if none {
			return refuse(OAuthInteractionRequired, "the account must set up an authenticator app or a security key first")
		}
		step.Kind = OIDCNeedEnrol
		return step, nil
	}
	if needsMFA(c, r) && !p.TwoFactor() {
		methods, _, err := s.methods(ctx, p.User)
		if err != nil {
			return nil, err
		}
		if none {
			return refuse(OAuthInteractionRequired, "this app needs a sign-in with a second factor")
		}
		if len(methods) > 0 {
			step.Kind = OIDCNeedLogin
		} else {
			step.Kind = OIDCNeedEnrol
		}
		return step, nil
	}
	if !consented {
		ok, err := s.consentCovers(ctx, p.User.ID, c.ID, r.Scopes)
		if err != nil {
			return nil, err
		}
		if !ok || slices.Contains(r.Prompt, "consent") {
			if none {
				return refuse(OAuthConsentRequired, "the user has not allowed this app yet")
			}
			step.Kind = OIDCNeedConsent
			return step, nil
		}
	}
	amr := amrOf(p.Session)
	done, err := s.store.CompleteOIDCAuthRequest(ctx, r.ID, p.User.ID, p.Session.CreatedAt, amr, now)
	if err != nil {
		return nil, fmt.Errorf("complete oidc request: %w", err)
	}
	if !done {
		return nil, errRequestGone
	}
	if err := s.store.TouchOIDCConsent(ctx, p.User.ID, c.ID, now); err != nil {
		s.log.Warn("consent not touched", "err", err)
	}
	r.UserID, r.AuthTime, r.AMR, r.DoneAt = p.User.ID, p.Session.CreatedAt, amr, now
	step.Kind = OIDCDone
	return step, nil
}

// loginTooOld reports whether the session's login is older than the
// request allows (prompt=login, which the op package also turns into
// max_age=0, or max_age). A login made after the request began is the
// fresh login it asked for, however long it took.
func loginTooOld(r *OIDCAuthRequest, sess *Session, now time.Time) bool {
	if !sess.CreatedAt.Before(r.CreatedAt) {
		return false
	}
	return slices.Contains(r.Prompt, "login") ||
		r.MaxAge >= 0 && now.Sub(sess.CreatedAt) > time.Duration(r.MaxAge)*time.Second
}

// needsMFA reports whether the client, or this request of it, asks for a
// second factor.
func needsMFA(c *OIDCClient, r *OIDCAuthRequest) bool {
	return c.Require2FA || slices.Contains(r.ACRValues, ACRMFA) || slices.Contains(r.ACRValues, acrMultiFactorPAPE)
}

// ACR returns the acr claim of a completed request: ACRMFA when its login
// passed a second factor, "" otherwise.
func (r *OIDCAuthRequest) ACR() string {
	if slices.Contains(r.AMR, "mfa") {
		return ACRMFA
	}
	return ""
}

// amrOf maps how a session passed its second step to RFC 8176 method
// references: a password always, then a one-time code (TOTP, mailed or
// recovery, at login or proved later in the session), or a device the
// user chose to trust after a second factor.
func amrOf(sess *Session) []string {
	switch {
	case sess.LoginFactor == FactorDevice:
		return []string{"pwd", "device", "mfa"}
	case sess.LoginFactor != "" || !sess.SecondFactorAt.IsZero():
		return []string{"pwd", "otp", "mfa"}
	default:
		return []string{"pwd"}
	}
}

func (s *Service) consentCovers(ctx context.Context, userID, clientID string, scopes []string) (bool, error) {
	c, err := s.store.OIDCConsent(ctx, userID, clientID)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read consent: %w", err)
	}
	for _, sc := range scopes {
		if !slices.Contains(c.Scopes, sc) {
			return false, nil
		}
	}
	return true, nil
}

func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, v := range b {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// OIDCCallbackAllowed reports whether the browser signed in as p may
// take the code of the completed request id back to the app: only the
// session that completed it may (same account, and the session's login
// time, which the request keeps as auth_time). Otherwise whoever learns a
// request's id (it travels in links) could start a sign-in of their own,
// have the victim's browser complete it, and collect the victim's code.
func (s *Service) OIDCCallbackAllowed(ctx context.Context, id string, p *Principal) (bool, error) {
	r, _, err := s.OIDCRequest(ctx, id)
	if err != nil {
		return false, err
	}
	if r.DoneAt.IsZero() {
		return true, nil // not done: the callback sends the app an error, no code
	}
	return p != nil && p.User.ID == r.UserID && p.Session.CreatedAt.Equal(r.AuthTime), nil
}

// SaveOIDCCode stores the hash of the authorization code issued for a
// completed request.
func (s *Service) SaveOIDCCode(ctx context.Context, id, code string) error {
	ok, err := s.store.SetOIDCAuthCode(ctx, id, hashBytes(code))
	if err != nil {
		return fmt.Errorf("store oidc code: %w", err)
	}
	if !ok {
		return grantError(OAuthInvalidRequest, "a code was already issued for this request")
	}
	return nil
}

// RedeemOIDCCode exchanges an authorization code for its request, once.
// A code presented again revokes every token issued from it (RFC 6749,
// section 4.1.2): whoever presents it twice holds a copy that leaked.
func (s *Service) RedeemOIDCCode(ctx context.Context, code string) (*OIDCAuthRequest, error) {
	now := s.clock()
	r, first, err := s.store.RedeemOIDCAuthCode(ctx, hashBytes(code), now)
	if errors.Is(err, ErrNotFound) {
		return nil, grantError(OAuthInvalidGrant, "unknown authorization code")
	}
	if err != nil {
		return nil, fmt.Errorf("redeem oidc code: %w", err)
	}
	if !first {
		if !r.ReusedAt.IsZero() {
			if err := s.store.RevokeOIDCGrant(ctx, r.ID); err != nil {
				return nil, fmt.Errorf("revoke tokens of a reused code: %w", err)
			}
			s.event(ctx, r.UserID, EventAppCodeReused, ClientMeta{}, r.ClientID)
			return nil, grantError(OAuthInvalidGrant, "the authorization code was used before; the tokens issued from it are revoked")
		}
		return nil, grantError(OAuthInvalidGrant, "the authorization code has expired")
	}
	if r.DoneAt.IsZero() || now.Sub(r.DoneAt) > s.cfg().OIDCCodeTTL {
		return nil, grantError(OAuthInvalidGrant, "the authorization code has expired")
	}
	return r, nil
}

// OIDCGrant is what a set of tokens is issued for: a user, a client, the
// scopes, and how the user signed in.
type OIDCGrant struct {
	GrantID  string
	ClientID string
	UserID   string
	Scopes   []string
	AuthTime time.Time
	AMR      []string
}

// GrantOf returns the grant a redeemed request stands for.
func (r *OIDCAuthRequest) GrantOf() OIDCGrant {
	return OIDCGrant{GrantID: r.ID, ClientID: r.ClientID, UserID: r.UserID, Scopes: r.Scopes, AuthTime: r.AuthTime, AMR: r.AMR}
}

// GrantOf returns the grant a refresh token belongs to.
func (t *OIDCRefreshToken) GrantOf() OIDCGrant {
	return OIDCGrant{GrantID: t.GrantID, ClientID: t.ClientID, UserID: t.UserID, Scopes: t.Scopes, AuthTime: t.AuthTime, AMR: t.AMR}
}

// IssueOIDCAccessToken stores a new access token of the grant of a
// redeemed code.
func (s *Service) IssueOIDCAccessToken(ctx context.Context, g OIDCGrant) (*OIDCAccessToken, error) {
	t, err := s.newAccessToken(g, "")
	if err != nil {
		return nil, err
	}
	if err := s.store.CreateOIDCAccessToken(ctx, t); err != nil {
		return nil, fmt.Errorf("store access token: %w", err)
	}
	if err := s.checkCodeNotReused(ctx, g); err != nil {
		return nil, err
	}
	s.touchConsent(ctx, g)
	return t, nil
}

// checkCodeNotReused is run by the redeemer of a code once its tokens are
// stored. A second presentation of the code marks the request reused and
// then revokes the grant; either it did so after the tokens were stored
// (and its revocation removed them), or this read sees the mark and
// revokes them here. Either way no token of a reused code survives, even
// when both presentations arrive at once on different instances. The
// redemption itself still succeeds (of all presentations of a code exactly
// one does); its tokens are dead.
func (s *Service) checkCodeNotReused(ctx context.Context, g OIDCGrant) error {
	r, err := s.store.OIDCAuthRequest(ctx, g.GrantID)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read oidc request: %w", err)
	}
	if r.ReusedAt.IsZero() {
		return nil
	}
	if err := s.store.RevokeOIDCGrant(ctx, g.GrantID); err != nil {
		return fmt.Errorf("revoke tokens of a reused code: %w", err)
	}
	return nil
}

func (s *Service) newAccessToken(g OIDCGrant, refreshID string) (*OIDCAccessToken, error) {
	id, err := newToken(s.rand)
	if err != nil {
		return nil, err
	}
	now := s.clock()
	return &OIDCAccessToken{
		ID: "at_" + id, ClientID: g.ClientID, UserID: g.UserID, Scopes: g.Scopes,
		GrantID: g.GrantID, RefreshID: refreshID, CreatedAt: now, ExpiresAt: now.Add(s.cfg().OIDCAccessTokenTTL),
	}, nil
}

// IssueOIDCTokens stores a new access token and a new refresh token of
// the grant, in one transaction. With current, the refresh token presented
// by the client, it rotates: current is used up first, and when it has
// been used before (by anyone, even at the same moment) the whole grant is
// revoked and the call fails.
func (s *Service) IssueOIDCTokens(ctx context.Context, g OIDCGrant, current string) (*OIDCAccessToken, string, error) {
	now := s.clock()
	rt, err := newToken(s.rand)
	if err != nil {
		return nil, "", err
	}
	rt = RefreshTokenPrefix + rt
	rid, err := newID(s.rand, "rt_")
	if err != nil {
		return nil, "", err
	}
	at, err := s.newAccessToken(g, rid)
	if err != nil {
		return nil, "", err
	}
	refresh := &OIDCRefreshToken{
		ID: rid, TokenHash: hashBytes(rt), ClientID: g.ClientID, UserID: g.UserID, Scopes: g.Scopes,
		GrantID: g.GrantID, AuthTime: g.AuthTime, AMR: g.AMR, CreatedAt: now, ExpiresAt: now.Add(s.cfg().OIDCRefreshTokenTTL),
	}
	// The old refresh token is used up in the transaction that stores the
	// new ones: a failure leaves it usable, and a second presentation of
	// it waits for this transaction, finds it used and revokes the grant
	// with these new tokens in it.
	reused := false
	err = s.atomically(ctx, func(st Store) error {
		if current != "" {
			used, err := st.UseOIDCRefreshToken(ctx, hashBytes(current), now)
			if err != nil {
				return fmt.Errorf("use refresh token: %w", err)
			}
			if !used {
				reused = true
				return errRefreshReused
			}
		}
		if err := st.CreateOIDCRefreshToken(ctx, refresh); err != nil {
			return fmt.Errorf("store refresh token: %w", err)
		}
		if err := st.CreateOIDCAccessToken(ctx, at); err != nil {
			return fmt.Errorf("store access token: %w", err)
		}
		return nil
	})
	if reused {
		return nil, "", s.refreshReused(ctx, g)
	}
	if err != nil {
		return nil, "", err
	}
	if current == "" {
		if err := s.checkCodeNotReused(ctx, g); err != nil {
			return nil, "", err
		}
	}
	s.touchConsent(ctx, g)
	return at, rt, nil
}

func (s *Service) touchConsent(ctx context.Context, g OIDCGrant) {
	if err := s.store.TouchOIDCConsent(ctx, g.UserID, g.ClientID, s.clock()); err != nil {
		s.log.Warn("consent not touched", "err", err)
	}
}

// errRefreshReused ends the transaction of a rotation whose refresh token
// was used meanwhile.
var errRefreshReused = errors.New("refresh token used before")

// refreshReused revokes the grant of a refresh token presented after its
// use: either the client or a thief holds a stale copy, and nobody can
// tell which.
func (s *Service) refreshReused(ctx context.Context, g OIDCGrant) error {
	if err := s.store.RevokeOIDCGrant(ctx, g.GrantID); err != nil {
		return fmt.Errorf("revoke grant of a reused refresh token: %w", err)
	}
	s.event(ctx, g.UserID, EventAppTokenReused, ClientMeta{}, g.ClientID)
	return grantError(OAuthInvalidGrant, "the refresh token was used before; every token of this sign-in is revoked")
}

// OIDCRefreshToken returns the live refresh token of the client. A token
// used before revokes its grant.
func (s *Service) OIDCRefreshToken(ctx context.Context, token string) (*OIDCRefreshToken, error) {
	t, err := s.store.OIDCRefreshToken(ctx, hashBytes(token))
	if errors.Is(err, ErrNotFound) {
		return nil, grantError(OAuthInvalidGrant, "unknown or revoked refresh token")
	}
	if err != nil {
		return nil, fmt.Errorf("read refresh token: %w", err)
	}
	if !t.UsedAt.IsZero() {
		return nil, s.refreshReused(ctx, t.GrantOf())
	}
	if !t.ExpiresAt.After(s.clock()) {
		return nil, grantError(OAuthInvalidGrant, "the refresh token has expired")
	}
	if _, err := s.OIDCUser(ctx, t.UserID); err != nil {
		return nil, err
	}
	return t, nil
}

// OIDCAccessToken returns a live access token or ErrNotFound.
func (s *Service) OIDCAccessToken(ctx context.Context, id string) (*OIDCAccessToken, error) {
	t, err := s.store.OIDCAccessToken(ctx, id, s.clock())
	if err != nil {
		return nil, fmt.Errorf("read access token: %w", err)
	}
	return t, nil
}

// RevokeOIDCAccessToken revokes an access token of the client (RFC 7009).
// A token of another client is refused; an unknown one is already
// harmless.
func (s *Service) RevokeOIDCAccessToken(ctx context.Context, clientID, id string) error {
	t, err := s.store.OIDCAccessToken(ctx, id, s.clock())
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read access token: %w", err)
	}
	if t.ClientID != clientID {
		return errOtherClient
	}
	if err := s.store.DeleteOIDCAccessToken(ctx, id); err != nil {
		return fmt.Errorf("revoke access token: %w", err)
	}
	return nil
}

// RevokeOIDCRefreshToken revokes a refresh token of the client and the
// access tokens issued with it.
func (s *Service) RevokeOIDCRefreshToken(ctx context.Context, clientID, token string) error {
	t, err := s.store.OIDCRefreshToken(ctx, hashBytes(token))
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read refresh token: %w", err)
	}
	if t.ClientID != clientID {
		return errOtherClient
	}
	if err := s.store.DeleteOIDCRefreshToken(ctx, t.ID); err != nil {
		return fmt.Errorf("revoke refresh token: %w", err)
	}
	return nil
}

var errOtherClient = grantError("invalid_client", "the token was not issued to this client")

// EndOIDCClientSession revokes every token the client holds for the user
// (RP-initiated logout).
func (s *Service) EndOIDCClientSession(ctx context.Context, userID, clientID string) error {
	if err := s.store.RevokeOIDCClientUser(ctx, userID, clientID); err != nil {
		return fmt.Errorf("end app session: %w", err)
	}
	return nil
}

// OIDCApps lists the apps the signed-in user let sign them in, most
// recently used first.
func (s *Service) OIDCApps(ctx context.Context, p *Principal) ([]OIDCConsent, error) {
	cs, err := s.store.UserOIDCConsents(ctx, p.User.ID)
	if err != nil {
		return nil, fmt.Errorf("list apps: %w", err)
	}
	return cs, nil
}

// RevokeOIDCApp takes an app's access away: its consent goes, and with it
// every token it holds for the user, in one transaction. The app must ask
// again at its next sign-in.
func (s *Service) RevokeOIDCApp(ctx context.Context, p *Principal, clientID string, meta ClientMeta) error {
	return s.atomically(ctx, func(st Store) error {
		err := st.DeleteOIDCConsent(ctx, p.User.ID, clientID)
		if errors.Is(err, ErrNotFound) {
			return fieldErrorf(CodeNotFound, "clientId", "no app with this id has access to your account")
		}
		if err != nil {
			return fmt.Errorf("revoke app: %w", err)
		}
		if err := st.RevokeOIDCClientUser(ctx, p.User.ID, clientID); err != nil {
			return fmt.Errorf("revoke app tokens: %w", err)
		}
		return s.record(ctx, st, p.User.ID, EventAppRevoked, meta, clientID)
	})
}

// hashBytes is how OIDC codes and refresh tokens are stored: they carry
// 256 bits (or are encrypted), so a plain SHA-256 suffices.
func hashBytes(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// PeekOIDCRefreshToken returns the refresh token with this value, used or
// not, without acting on it; ErrNotFound if there is none.
func (s *Service) PeekOIDCRefreshToken(ctx context.Context, token string) (*OIDCRefreshToken, error) {
	t, err := s.store.OIDCRefreshToken(ctx, hashBytes(token))
	if err != nil {
		return nil, fmt.Errorf("read refresh token: %w", err)
	}
	return t, nil
}

// OIDCUser returns the account an app's token stands for; an invalid_grant
// error when the account is disabled, or may do nothing but set up an
// authenticator app or a security key (its grace period under the 2FA
// policy is over).
func (s *Service) OIDCUser(ctx context.Context, id string) (*User, error) {
	u, err := s.store.UserByID(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("read user: %w", err)
	}
	switch {
	case u.Disabled():
		return nil, grantError(OAuthInvalidGrant, "the account is disabled")
	case s.EnrollmentState(u).Restricted:
		return nil, grantError(OAuthInvalidGrant, "the account must set up an authenticator app or a security key first; sign in to twofa")
	}
	return u, nil
}

// SignLogoutReturn signs the address an app's logout returns to, so that
// the confirmation page sends the browser only where the provider checked
// it may go.
func (s *Service) SignLogoutReturn(uri string) string {
	return hex.EncodeToString(s.mac.Sum("oidc-logout-return", uri))
}

// CheckLogoutReturn reports whether sig is SignLogoutReturn(uri).
func (s *Service) CheckLogoutReturn(uri, sig string) bool {
	b, err := hex.DecodeString(sig)
	return err == nil && s.mac.Equal(b, s.mac.Sum("oidc-logout-return", uri))
}

// signOutApps revokes, through st, every token apps hold for the user:
// whatever ends the account's other sessions (a password or address
// change, its undo, "end all other sessions") also ends the sessions of
// apps, which may have been opened by whoever the change locks out. The
// consents stay, so the owner signs in to the apps again without being
// asked.
func (s *Service) signOutApps(ctx context.Context, st Store, userID string) error {
	if err := st.RevokeOIDCUser(ctx, userID); err != nil {
		return fmt.Errorf("sign out of apps: %w", err)
	}
	return nil
}

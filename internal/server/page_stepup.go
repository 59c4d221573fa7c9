package server

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/twofa-dev/twofa/internal/core"
)

// sensitiveAction is a change that needs a second factor as proof. run
// returns recovery codes when the action makes new ones.
type sensitiveAction struct {
	path  string
	title string
	// intro is a message of the catalogue, with introArgs for its verbs.
	intro     string
	introArgs []any
	button    string
	notice    string
	// back and backTitle name the page the confirm page leads back to,
	// where the notice is shown; "" is the Security page.
	back      string
	backTitle string
	// factors marks a change to the second factors or the address, whose
	// proof methods core.Service.FactorProofMethods lists.
	factors bool
	// hidden are form fields the confirm page sends along with the proof.
	// They are shown in the page's source, so never a password.
	hidden []formField
	run    func(s *server, ctx context.Context, p *core.Principal, proof core.Proof, meta core.ClientMeta) ([]string, error)

	// password marks an action that needs the current password besides
	// the proof: the confirm page asks for it in the field password (and
	// for no proof when the account has no second factor). danger marks
	// an action that cannot be undone.
	password, danger bool
}

// formField is a hidden input of a form.
type formField struct {
	Name  string
	Value string
}

// backPage returns the path and title of the page a leads back to.
func (a sensitiveAction) backPage() (path, title string) {
	if a.back == "" {
		return "/account/security", "Security"
	}
	return a.back, a.backTitle
}

var (
	disableTOTPAction = sensitiveAction{
		factors: true,
		path:    "/account/security/totp/disable",
		title:   "Disable the authenticator app",
		intro:   "Codes from your authenticator app will no longer sign you in, and trusted devices will be forgotten.",
		button:  "Disable authenticator app",
		notice:  "totp-disabled",
		run: func(s *server, ctx context.Context, p *core.Principal, proof core.Proof, meta core.ClientMeta) ([]string, error) {
			return nil, s.svc.DisableTOTP(ctx, p, proof, meta)
		},
	}
	disableEmailAction = sensitiveAction{
		factors: true,
		path:    "/account/security/email/disable",
		title:   "Turn email codes off",
		intro:   "Codes sent to your email address will no longer sign you in, and trusted devices will be forgotten.",
		button:  "Turn email codes off",
		notice:  "email-disabled",
		run: func(s *server, ctx context.Context, p *core.Principal, proof core.Proof, meta core.ClientMeta) ([]string, error) {
			return nil, s.svc.DisableEmail2FA(ctx, p, proof, meta)
		},
	}
	// enableTOTPAction only lends its texts to the confirm page: once the
	// proof is accepted, pageTOTPSetup shows the new secret itself.
	enableTOTPAction = sensitiveAction{
		factors: true,
		path:    "/account/security/totp/setup",
		title:   "Set up an authenticator app",
		intro:   "Whoever adds an authenticator app can sign in with it, so confirm it's you first.",
		button:  "Continue",
	}
	regenerateAction = sensitiveAction{
		factors: true,
		path:    "/account/security/recovery-codes",
		title:   "Make new recovery codes",
		intro:   "You get a new set of recovery codes, and every old code stops working.",
		button:  "Regenerate recovery codes",
		run: func(s *server, ctx context.Context, p *core.Principal, proof core.Proof, meta core.ClientMeta) ([]string, error) {
			return s.svc.RegenerateRecoveryCodes(ctx, p, proof, meta)
		},
	}
)

// confirmData is the "Confirm it's you" page of a sensitive action.
type confirmData struct {
	Action   string
	Title    string
	Intro    text
	Button   string
	Methods  []methodOption
	Password bool
	CanEmail bool
	Sent     bool
	Email    string
	Hidden   []formField
	// CurrentPassword asks for the current password too; Danger shows the
	// button as one for an action that cannot be undone.
	CurrentPassword bool
	Danger          bool
	// Key offers the security key, on a button of its own.
	Key bool
	// Back and BackTitle name the page of the crumbs and Cancel.
	Back      string
	BackTitle string
}

// sensitivePage runs a sensitive action with the proof in the form fields
// method and code. Without a proof, or with a wrong one, it shows the
// confirm page.
func (s *server) sensitivePage(a sensitiveAction) func(http.ResponseWriter, *http.Request, *core.Principal) {
	return func(w http.ResponseWriter, r *http.Request, p *core.Principal) {
		if !s.readForm(w, r) {
			return
		}
		method, code := formProof(r)
		codes, err := a.run(s, r.Context(), p, core.Proof{Method: method, Code: code}, s.meta(r))
		if err != nil {
			s.confirmFailed(w, r, p, a, method, err)
			return
		}
		if codes != nil {
			s.renderRecoveryCodes(w, r, p, codes, "New recovery codes were made; the old ones no longer work.")
			return
		}
		back, _ := a.backPage()
		seeOther(w, r, back+"?notice="+a.notice)
	}
}

// formProof reads the proof of a confirm page from the fields method and
// code. A password is taken as typed; codes are trimmed.
func formProof(r *http.Request) (method, code string) {
	method = strings.ToLower(strings.TrimSpace(r.PostForm.Get("method")))
	code = r.PostForm.Get("code")
	if method != core.MethodPassword {
		code = strings.TrimSpace(code)
	}
	return method, code
}

func (s *server) confirmFailed(w http.ResponseWriter, r *http.Request, p *core.Principal, a sensitiveAction, method string, err error) {
	e, ok := core.AsError(err)
	if !ok {
		s.pageInternalError(w, r, err)
		return
	}
	var methods []string
	var sent bool
	v := &view{Title: "Confirm it's you", User: p.User}
	switch e.Code {
	case core.CodeTwoFactorRequired:
		if e.Proof == nil {
			s.pageInternalError(w, r, err)
			return
		}
		methods, method, sent = e.Proof.Methods, e.Proof.Method, e.Proof.CodeSent
	case core.CodeTwoFactorInvalid, core.CodeBadRequest, core.CodeMethodUnavailable,
		core.CodeTooManyAttempts, core.CodeWrongPassword:
		proofMethods := s.svc.ProofMethods
		if a.factors {
			proofMethods = s.svc.FactorProofMethods
		}
		m, preferred, merr := proofMethods(r.Context(), p)
		if merr != nil {
			s.pageError(w, r, merr)
			return
		}
		methods = m
		if method == "" {
			method = preferred
		}
		formErrors(v, e, append(codeField(method), "password")...)
	default:
		s.pageError(w, r, err)
		return
	}
	s.renderConfirm(w, r, v, a, methods, method, sent, statusOf(e.Code, true))
}

// renderConfirm shows the confirm page of a in v with status: methods to
// choose from, method checked, and whether a code was just mailed.
func (s *server) renderConfirm(w http.ResponseWriter, r *http.Request, v *view, a sensitiveAction, methods []string, method string, sent bool, status int) {
	d := confirmData{Action: a.path, Title: a.title, Intro: newText(a.intro, a.introArgs...), Button: a.button, Email: v.User.Email, Hidden: a.hidden,
		Sent: sent, CurrentPassword: a.password, Danger: a.danger}
	d.Back, d.BackTitle = a.backPage()
	d.Key, methods, method = withoutKey(methods, method)
	d.Methods = methodOptions(methods, method)
	d.Password = slices.Equal(methods, []string{core.MethodPassword})
	d.CanEmail = slices.Contains(methods, core.MethodEmail)
	if d.CurrentPassword && d.Password { // the password asked for is all the proof there is
		d.Password, d.Methods = false, nil
	}
	v.Data = d
	s.render(w, r, status, "confirm", v)
}

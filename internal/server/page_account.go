package server

import (
	"context"
	"net/http"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/i18n"
)

// accountData is the My Account page: the account's state and the forms
// that change the password and the email address. A refused form gets back
// the address typed, never a password.
type accountData struct {
	*core.AccountState
	NewEmail    string
	MinPassword int
	MaxPassword int
	// Language is the account's language code ("" follows the browser);
	// Languages lists the choice.
	Language  string
	Languages []i18n.Language
	// MemberSince is the day the account was created.
	MemberSince timeText
}

// accountView builds the My Account page with newEmail in the email form.
func (s *server) accountView(ctx context.Context, p *core.Principal, newEmail string) (*view, error) {
	a, err := s.svc.Account(ctx, p)
	if err != nil {
		return nil, err
	}
	return &view{Title: "My Account", User: p.User, Data: accountData{
		AccountState: a, NewEmail: newEmail,
		MinPassword: core.MinPasswordLen, MaxPassword: core.MaxPasswordLen,
		Language: p.User.Language, Languages: i18n.Languages, MemberSince: newDayText(p.User.CreatedAt),
	}}, nil
}

func (s *server) pageAccount(w http.ResponseWriter, r *http.Request, p *core.Principal) {
	v, err := s.accountView(r.Context(), p, "")
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v.notice = s.noticeText(r.URL.Query().Get("notice"))
	s.render(w, r, http.StatusOK, "account", v)
}

// accountFailed shows My Account again with err next to the named field
// it concerns, or above the forms, and newEmail in the email form.
func (s *server) accountFailed(w http.ResponseWriter, r *http.Request, p *core.Principal, newEmail string, err error, fields ...string) {
	e, ok := core.AsError(err)
	if !ok {
		s.pageInternalError(w, r, err)
		return
	}
	v, verr := s.accountView(r.Context(), p, newEmail)
	if verr != nil {
		s.pageError(w, r, verr)
		return
	}
	formErrors(v, e, fields...)
	s.render(w, r, statusOf(e.Code, true), "account", v)
}

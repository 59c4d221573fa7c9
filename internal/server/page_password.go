package server

import (
	"context"
	"net/http"

	"github.com/twofa-dev/twofa/internal/core"
)

// confirmForPassword is the "Confirm it's you" step of a password change
// in a session whose last second factor is too old. It only proves the
// factor: the new password is never carried through the page, so the user
// sends the Change password form again once the session is fresh.
var confirmForPassword = sensitiveAction{
	path:      "/account/password/confirm",
	title:     "Change your password",
	intro:     "For your safety the new password is not kept while you confirm, so once your code is accepted, send the Change password form again.",
	button:    "Confirm",
	notice:    "identity-confirmed",
	back:      "/account",
	backTitle: "My Account",
	run: func(s *server, ctx context.Context, p *core.Principal, proof core.Proof, meta core.ClientMeta) ([]string, error) {
		return nil, s.svc.ConfirmIdentity(ctx, p, proof, meta)
	},
}

// pagePasswordChange changes the password with the fields currentPassword,
// newPassword and confirmPassword. A session without a recent second
// factor is sent to confirm one first.
func (s *server) pagePasswordChange(w http.ResponseWriter, r *http.Request, p *core.Principal) {
	if !s.readForm(w, r) {
		return
	}
	current, next := r.PostForm.Get("currentPassword"), r.PostForm.Get("newPassword")
	if next != r.PostForm.Get("confirmPassword") {
		v, err := s.accountView(r.Context(), p, "")
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		v.FieldErrors = map[string]string{"confirmPassword": "The two new passwords differ: type the same one twice."}
		s.render(w, r, http.StatusBadRequest, "account", v)
		return
	}
	err := s.svc.ChangePassword(r.Context(), p, current, next, core.Proof{}, s.meta(r))
	if err == nil {
		seeOther(w, r, "/account?notice=password-changed")
		return
	}
	if e, ok := core.AsError(err); ok && e.Code == core.CodeTwoFactorRequired {
		s.confirmFailed(w, r, p, confirmForPassword, "", err)
		return
	}
	s.accountFailed(w, r, p, "", err, "currentPassword", "newPassword")
}

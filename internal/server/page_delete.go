package server

import (
	"net/http"

	"github.com/twofa-dev/twofa/internal/core"
)

// deleteAccountAction is the confirm page of an account deletion: the
// current password, and a second factor when the account has one.
var deleteAccountAction = sensitiveAction{
	factors:  true,
	password: true,
	danger:   true,
	path:     "/account/delete",
	title:    "Delete your account",
	intro: "Your account is deleted for good, with its second factors, recovery codes, sessions, trusted devices and security events, " +
		"and apps can no longer sign you in with it. This cannot be undone. We mail a notice to your address.",
	button: "Delete my account",
}

// pageDeleteConfirm asks for what a deletion needs. Showing the page
// mails nothing: "Email me a code" on it does.
func (s *server) pageDeleteConfirm(w http.ResponseWriter, r *http.Request, p *core.Principal) {
	methods, preferred, err := s.svc.FactorProofMethods(r.Context(), p)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.renderConfirm(w, r, &view{Title: "Confirm it's you", User: p.User}, deleteAccountAction, methods, preferred, false, http.StatusOK)
}

// pageDelete deletes the account with the fields password, method and
// code, signs the browser out and shows that the account is gone. A
// refused attempt shows the confirm page again.
func (s *server) pageDelete(w http.ResponseWriter, r *http.Request, p *core.Principal) {
	if !s.readForm(w, r) {
		return
	}
	method, code := formProof(r)
	err := s.svc.DeleteAccount(r.Context(), p, r.PostForm.Get("password"), core.Proof{Method: method, Code: code}, s.meta(r))
	if err != nil {
		s.confirmFailed(w, r, p, deleteAccountAction, method, err)
		return
	}
	s.clearCookie(w, sessionCookie)
	seeOther(w, r, "/account/deleted")
}

// pageDeleted tells that the account was deleted. A signed-in browser
// (of another account) is sent to its own Security page instead.
func (s *server) pageDeleted(w http.ResponseWriter, r *http.Request) {
	if p := s.pagePrincipal(r); p != nil {
		seeOther(w, r, "/account/security")
		return
	}
	s.render(w, r, http.StatusOK, "deleted", &view{Title: "Account deleted"})
}

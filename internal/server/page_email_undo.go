package server

import (
	"net/http"
)

// emailUndoData is the page behind the link mailed to the old address
// after an email change.
type emailUndoData struct {
	Token string
	Email string
	Done  bool
}

// pageEmailUndo shows what the link does and a button that does it. The
// GET changes nothing, so a mail scanner that follows links cannot undo a
// change by itself.
func (s *server) pageEmailUndo(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "email_undo", &view{Title: "Undo the email change",
		Data: emailUndoData{Token: r.URL.Query().Get("token")}})
}

// pageEmailUndoPost puts the old address back and ends every session,
// this browser's included.
func (s *server) pageEmailUndoPost(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	email, err := s.svc.UndoEmailChange(r.Context(), r.PostForm.Get("token"), s.meta(r))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.clearCookie(w, sessionCookie)
	s.render(w, r, http.StatusOK, "email_undo", &view{Title: "Email change undone",
		Data: emailUndoData{Email: email, Done: true}})
}

// apiEmailUndo is the same for API clients: no session is needed, the
// token is the proof.
func (s *server) apiEmailUndo() http.Handler {
	type request struct {
		Token string `json:"token"`
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req request
		if err := decodeJSON(r, &req); err != nil {
			s.apiError(w, r, err, false)
			return
		}
		email, err := s.svc.UndoEmailChange(r.Context(), req.Token, s.meta(r))
		if err != nil {
			s.apiError(w, r, err, false)
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"email": email})
	})
}

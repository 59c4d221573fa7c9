package server

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/twofa-dev/twofa/internal/core"
)

// The pages of security keys and passkeys. The browser's part of every
// ceremony (navigator.credentials) is static/webauthn.js: the pages show
// the key buttons only once it runs, and post the credential JSON it
// returns in an ordinary form, so every other method works without it.

// keyRow is a security key or passkey as the Security page lists it.
type keyRow struct {
	ID       string
	Name     string
	Passkey  bool
	Synced   bool
	Added    timeText
	LastUsed timeText
}

// keyRows lists keys as the Security page shows them.
func keyRows(keys []core.WebAuthnCredential) []keyRow {
	out := make([]keyRow, 0, len(keys))
	for _, k := range keys {
		out = append(out, keyRow{ID: k.ID, Name: k.Name, Passkey: k.Discoverable, Synced: k.BackupState,
			Added: newTimeText(k.CreatedAt), LastUsed: newTimeText(k.LastUsedAt)})
	}
	return out
}

// addKeyAction only lends its texts to the confirm page: once the proof
// is accepted, pageKeyAdd shows the page that asks the key itself.
var addKeyAction = sensitiveAction{
	factors: true,
	path:    "/account/security/keys/add",
	title:   "Add a security key or passkey",
	intro:   "Whoever adds a security key or passkey can sign in with it, so confirm it's you first.",
	button:  "Continue",
}

// removeKeyAction removes the key named by the form field id.
func removeKeyAction(id string) sensitiveAction {
	return sensitiveAction{
		factors: true,
		path:    "/account/security/keys/remove",
		title:   "Remove a security key or passkey",
		intro:   "The key will no longer sign you in or confirm changes to your account.",
		button:  "Remove the key",
		notice:  "key-removed",
		hidden:  []formField{{Name: "id", Value: id}},
		danger:  true,
		run: func(s *server, ctx context.Context, p *core.Principal, proof core.Proof, meta core.ClientMeta) ([]string, error) {
			return nil, s.svc.RemoveWebAuthnCredential(ctx, p, id, proof, meta)
		},
	}
}

// keyAddData is the page that asks the new key: the options of
// navigator.credentials.create(), which webauthn.js reads from the form.
type keyAddData struct {
	Options string
	Name    string
}

// pageKeyAdd starts adding a key after the step-up proof (asked on the
// confirm page first), and shows the page that runs the browser's part.
func (s *server) pageKeyAdd(w http.ResponseWriter, r *http.Request, p *core.Principal) {
	if !s.readForm(w, r) {
		return
	}
	method, code := formProof(r)
	opts, err := s.svc.BeginWebAuthnRegistration(r.Context(), p, core.Proof{Method: method, Code: code}, s.meta(r))
	if e, ok := core.AsError(err); ok && e.Field != "credential" {
		// Without a proof, or with a wrong one, the confirm page asks for
		// it, as before setting up an authenticator app.
		s.confirmFailed(w, r, p, addKeyAction, method, err)
		return
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := &view{Title: "Add a security key or passkey", User: p.User, Data: keyAddData{Options: string(opts)}}
	s.render(w, r, http.StatusOK, "webauthn_add", v)
}

// keyChange makes the handler of a form that changes a key: change runs
// with the form read, and the browser goes back to the Security page's
// keys with notice; an error is shown on the error page.
func (s *server) keyChange(notice string, change func(r *http.Request, p *core.Principal) error) func(http.ResponseWriter, *http.Request, *core.Principal) {
	return func(w http.ResponseWriter, r *http.Request, p *core.Principal) {
		if !s.readForm(w, r) {
			return
		}
		if err := change(r, p); err != nil {
			s.pageError(w, r, err)
			return
		}
		seeOther(w, r, "/account/security?notice="+notice+"#keys")
	}
}

// pageKeyRegister finishes adding a key with the credential JSON of
// navigator.credentials.create() in the field credential, under the name
// typed in the field name.
func (s *server) pageKeyRegister() func(http.ResponseWriter, *http.Request, *core.Principal) {
	return s.keyChange("key-added", func(r *http.Request, p *core.Principal) error {
		_, err := s.svc.FinishWebAuthnRegistration(r.Context(), p, r.PostForm.Get("credential"), r.PostForm.Get("name"), s.meta(r))
		return err
	})
}

// pageKeyRename renames the key named by the field id to the field name.
func (s *server) pageKeyRename() func(http.ResponseWriter, *http.Request, *core.Principal) {
	return s.keyChange("key-renamed", func(r *http.Request, p *core.Principal) error {
		_, err := s.svc.RenameWebAuthnCredential(r.Context(), p, r.PostForm.Get("id"), r.PostForm.Get("name"), s.meta(r))
		return err
	})
}

// pageKeyRemove removes the key named by the field id, after proof.
func (s *server) pageKeyRemove(w http.ResponseWriter, r *http.Request, p *core.Principal) {
	if !s.readForm(w, r) {
		return
	}
	s.sensitivePage(removeKeyAction(r.PostForm.Get("id")))(w, r, p)
}

// pagePasskeyLogin signs in with the credential JSON of a passkey in the
// field credential, then goes on to the field rd.
func (s *server) pagePasskeyLogin(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r) {
		return
	}
	rd := s.safeReturn(r.PostForm.Get("rd"))
	sess, err := s.svc.FinishPasskeyLogin(r.Context(), r.PostForm.Get("credential"), s.meta(r))
	if err != nil {
		e, ok := core.AsError(err)
		if !ok {
			s.pageInternalError(w, r, err)
			return
		}
		v := s.loginView(r, "", rd)
		v.Error, v.cause = errorText(e), e
		s.render(w, r, statusOf(e.Code, false), "login", v)
		return
	}
	s.startSession(w, r, sess, rd)
}

// withoutKey splits the methods of a second step or a step-up for a page:
// the security key, which has a button of its own, and the methods the
// form's radio buttons offer, with chosen moved off the key.
func withoutKey(methods []string, chosen string) (key bool, rest []string, pick string) {
	rest = slices.DeleteFunc(slices.Clone(methods), func(m string) bool { return m == core.MethodWebAuthn })
	pick = chosen
	if pick == core.MethodWebAuthn && len(rest) > 0 {
		pick = rest[0]
	}
	return len(rest) < len(methods), rest, pick
}

// codeField is the form field next to which an error about the proof is
// shown: the code field, unless the proof came from a security key, which
// has no field (its error is shown above the form).
func codeField(method string) []string {
	if strings.EqualFold(strings.TrimSpace(method), core.MethodWebAuthn) {
		return nil
	}
	return []string{"code"}
}

package storetest

import (
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// testLanguage: CreateUser keeps a new account's language, SetLanguage
// changes it (and "" clears it) for that account only, UserByID and
// SessionViewByHash read it alike, and a missing user is ErrNotFound.
func testLanguage(t *testing.T, s core.Store) {
	ctx := t.Context()
	wantOK(t, "CreateUser", s.CreateUser(ctx, &core.User{ID: "a", Email: "a@example.com", PasswordHash: "h",
		CreatedAt: at(0), Language: "ar"}))
	newUser(t, s, "b")
	newSession(t, s, "s1", "a")
	want := func(id, lang string) {
		t.Helper()
		same(t, "Language of "+id, getUser(t, s, id).Language, lang)
		if id == "a" {
			v, err := s.SessionViewByHash(ctx, "s1", at(time.Minute))
			wantOK(t, "SessionViewByHash", err)
			same(t, "Language of the session view of a", v.User.Language, lang)
		}
	}
	want("a", "ar")
	want("b", "")
	wantOK(t, "SetLanguage(a, pt-BR)", s.SetLanguage(ctx, "a", "pt-BR"))
	want("a", "pt-BR")
	want("b", "")
	wantOK(t, "SetLanguage(a, \"\")", s.SetLanguage(ctx, "a", ""))
	want("a", "")
	wantErr(t, "SetLanguage(missing)", s.SetLanguage(ctx, "nobody", "de"), core.ErrNotFound)
}

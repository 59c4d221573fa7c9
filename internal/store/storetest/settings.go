package storetest

import (
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
)

func testSettings(t *testing.T, s core.Store) {
	ctx := t.Context()
	setting := func(name string, want string) {
		t.Helper()
		v, err := s.Setting(ctx, name)
		wantOK(t, "Setting("+name+")", err)
		sameBytes(t, "Setting("+name+")", v, []byte(want))
	}

	_, err := s.Setting(ctx, "session-key")
	wantErr(t, "Setting of a missing name", err, core.ErrNotFound)

	v, err := s.PutSettingIfAbsent(ctx, "session-key", []byte("first\x00\xff"))
	wantOK(t, "PutSettingIfAbsent", err)
	sameBytes(t, "PutSettingIfAbsent", v, []byte("first\x00\xff"))
	v, err = s.PutSettingIfAbsent(ctx, "session-key", []byte("second"))
	wantOK(t, "PutSettingIfAbsent again", err)
	sameBytes(t, "PutSettingIfAbsent again", v, []byte("first\x00\xff"))
	setting("session-key", "first\x00\xff")

	wantOK(t, "ReplaceSetting", s.ReplaceSetting(ctx, "session-key", []byte("third")))
	setting("session-key", "third")
	v, err = s.PutSettingIfAbsent(ctx, "session-key", []byte("fourth"))
	wantOK(t, "PutSettingIfAbsent after ReplaceSetting", err)
	sameBytes(t, "PutSettingIfAbsent after ReplaceSetting", v, []byte("third"))

	wantOK(t, "ReplaceSetting of a new name", s.ReplaceSetting(ctx, "other", []byte("x")))
	setting("other", "x")
	setting("session-key", "third")
}

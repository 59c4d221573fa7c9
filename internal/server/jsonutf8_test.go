package server

import (
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
)

// TestAPIRefusesInvalidUTF8: a JSON string that is not valid UTF-8 (raw
// bytes, or half a surrogate pair escaped) is refused with 400
// bad-request naming the field, as the forms refuse it, instead of being
// read as U+FFFD: a password of "\xff" must not log into an account whose
// password has U+FFFD in that place.
func TestAPIRefusesInvalidUTF8(t *testing.T) {
	e := newEnv(t, func(c *core.Config) { c.Email2FADefault = false })
	const replaced = "correct horse \uFFFD battery" // what \xff would silently become
	e.expect(e.call("POST", "/api/v1/signup", "", map[string]string{"email": "fffd@example.com", "password": replaced, "name": "F"}), 201, "")

	for _, c := range []struct{ path, body, field string }{
		{"/api/v1/login", `{"email":"fffd@example.com","password":"correct horse ` + "\xff" + ` battery"}`, "password"},
		{"/api/v1/login", `{"email":"fffd@example.com","password":"correct horse \udc00 battery"}`, "password"},
		{"/api/v1/login", `{"email":"fffd@example.com","password":"correct horse \ud800 battery"}`, "password"},
		{"/api/v1/login", `{"email":"fffd` + "\xc3" + `@example.com","password":"x"}`, "email"},
		{"/api/v1/signup", `{"email":"g@example.com","password":"a good password ` + "\xff" + `","name":"G"}`, "password"},
		{"/api/v1/signup", `{"email":"g@example.com","password":"a good password","name":"G` + "\xed\xa0\x80" + `"}`, "name"},
		{"/api/v1/login/2fa", `{"challenge":"x","method":"email","code":"12` + "\xff" + `"}`, "code"},
	} {
		r := e.expect(e.call("POST", c.path, "", c.body), 400, "bad-request")
		if r.str("field") != c.field {
			t.Errorf("POST %s %q: field %q, want %q", c.path, c.body, r.str("field"), c.field)
		}
	}
	// Valid escapes and characters outside the BMP still work.
	e.expect(e.call("POST", "/api/v1/login", "", `{"email":"fffd@example.com","password":"correct horse \ufffd battery"}`), 200, "")
	e.expect(e.call("POST", "/api/v1/signup", "", `{"email":"h@example.com","password":"pair \ud83d\ude00 and \u00e9 and \\udc00","name":"H `+"\U0001F600"+`"}`), 201, "")
}

func TestValidJSONString(t *testing.T) {
	for raw, want := range map[string]bool{
		`"plain"`: true, `:"\ud83d\ude00"`: true, `"\\ud800"`: true, `"\u00e9\n\""`: true,
		`"\ud83d"`: false, `"\ude00"`: false, `"\ud83dx\ude00"`: false, "\"\xff\"": false, `"\ud83d\u0041"`: false,
	} {
		if got := validJSONString([]byte(raw)); got != want {
			t.Errorf("validJSONString(%s) = %v, want %v", raw, got, want)
		}
	}
}

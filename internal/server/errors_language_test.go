package server

import (
	"net/url"
	"strings"
	"testing"
)

// TestErrorMessagesInLanguage sends bad input through the real handler: the
// API answers with the same error code and field in every language and a
// message in the language of Accept-Language; a page shows the error in
// its language, with the input it quotes escaped; English stays as it was.
func TestErrorMessagesInLanguage(t *testing.T) {
	e := newEnv(t)
	short := map[string]string{"email": "c@example.com", "password": "short", "name": "C"}
	for _, c := range []struct{ lang, want string }{
		{"", "password: must be at least 10 characters (got 5)"},
		{"de-DE,de;q=0.9", "Mindestens 10 Zeichen sind nötig (eingegeben: 5)."},
		{"ar", "يجب ألا يقل عدد الأحرف عن ١٠ (العدد الحالي: ٥)."},
	} {
		r := e.expect(e.call("POST", "/api/v1/signup", "", short, "Accept-Language", c.lang), 400, "bad-request")
		if r.str("field") != "password" || r.str("message") != c.want {
			t.Errorf("Accept-Language %q: field %q message %q, want password, %q", c.lang, r.str("field"), r.str("message"), c.want)
		}
	}

	// Input quoted in the message comes back as sent: JSON needs no
	// escaping of markup.
	bad := map[string]string{"email": "<b>x</b>", "password": testPassword, "name": "C"}
	r := e.expect(e.call("POST", "/api/v1/signup", "", bad, "Accept-Language", "ar"), 400, "bad-request")
	if want := `"<b>x</b>" ليس عنوان بريد إلكتروني مثل name@example.com.`; r.str("field") != "email" || r.str("message") != want {
		t.Errorf("Arabic bad email: field %q message %q, want email, %q", r.str("field"), r.str("message"), want)
	}
	// An error of the JSON decoding, which the server finds itself.
	r = e.expect(e.call("POST", "/api/v1/login", "", `{"email": 5}`, "Accept-Language", "de"), 400, "bad-request")
	if want := "Muss ein JSON-String sein."; r.str("field") != "email" || r.str("message") != want {
		t.Errorf("German wrong JSON type: field %q message %q, want email, %q", r.str("field"), r.str("message"), want)
	}
	// A length of time among the arguments is written in the language.
	reset := map[string]string{"token": "not-a-token", "password": testPassword}
	r = e.expect(e.call("POST", "/api/v1/password/reset", "", reset, "Accept-Language", "de"), 400, "reset-token-invalid")
	if r.str("field") != "token" || !strings.Contains(r.str("message"), "innerhalb von 30 Minuten") {
		t.Errorf("German reset link: field %q message %q", r.str("field"), r.str("message"))
	}
	r = e.expect(e.call("POST", "/api/v1/password/reset", "", reset), 400, "reset-token-invalid")
	if want := "token: this reset link is unknown, was already used or replaced by a newer one, or has expired (links work once, within 30 minutes); ask for a new one"; r.str("message") != want {
		t.Errorf("English reset link: message %q, want %q", r.str("message"), want)
	}

	// Pages: the German sign-up quotes the address it refuses, escaped.
	de := e.pageClient().speaking("de")
	form := de.expectPage(de.get("/signup"), 200, "/signup")
	p := de.expectPage(de.submit(form, "/signup", url.Values{"email": {`"<script>alert(1)</script>`}, "name": {"C"}, "password": {testPassword}}), 400, "/signup",
		`<p class="field-error" id="email-error">&#34;\&#34;&lt;script&gt;alert(1)&lt;/script&gt;&#34; ist keine E-Mail-Adresse wie name@example.com.</p>`)
	if strings.Contains(p.body, "<script>alert(1)") {
		t.Errorf("the refused address reached the page unescaped:\n%s", p.body)
	}
	ar := e.pageClient().speaking("ar")
	form = ar.expectPage(ar.get("/signup"), 200, "/signup")
	ar.expectPage(ar.submit(form, "/signup", url.Values{"email": {"d@example.com"}, "name": {"D"}, "password": {"abc"}}), 400, "/signup",
		`<p class="field-error" id="password-error">يجب ألا يقل عدد الأحرف عن ١٠ (العدد الحالي: ٣).</p>`)
	ar.expectPage(ar.post("/login", url.Values{"email": {""}, "password": {"x"}}), 400, "/login",
		`<p class="field-error" id="email-error">هذا الحقل مطلوب.</p>`)
	en := e.pageClient()
	form = en.expectPage(en.get("/signup"), 200, "/signup")
	en.expectPage(en.submit(form, "/signup", url.Values{"email": {"d@example.com"}, "name": {"D"}, "password": {"abc"}}), 400, "/signup",
		`<p class="field-error" id="password-error">Must be at least 10 characters (got 3).</p>`)
}

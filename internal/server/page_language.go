package server

import (
	"fmt"
	"html"
	"html/template"
	"net/http"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/i18n"
)

// textFuncs are the template functions that print in p's language:
//
//	{{t "Log in"}}, {{t "%d days" .Days}}  a message, HTML-escaped
//	{{th "<strong>%s</strong>" .Name}}     a message with markup; the
//	                                       arguments are escaped
//	{{known .Label}}                       a text made in Go, translated
//	                                       when it is a known message
//	{{msg .What}}                          a text (see text) composed in Go
//	{{duration .Lifetime}}                 a time.Duration: "30 minutes"
//	{{number .Count}}                      an int in the language's
//	                                       digits: "1,234", "١٬٢٣٤"
func textFuncs(p *i18n.Printer) template.FuncMap {
	return template.FuncMap{
		"t": p.T,
		"th": func(key string, args ...any) template.HTML {
			return template.HTML(p.T(key, escapeArgs(p, args)...)) //nolint:gosec // the catalogue's markup, escaped arguments
		},
		"known": p.Known,
		// msg writes a text composed in Go (see text), or a string that
		// is translated when it is a known message.
		"msg": func(v any) (string, error) {
			switch v := v.(type) {
			case text:
				return v.in(p), nil
			case string:
				return p.Known(v), nil
			}
			return "", fmt.Errorf("msg: %T is neither a text nor a string", v)
		},
		// duration writes a length of time in p's language: "30 minutes".
		"duration": func(d time.Duration) string { return core.HumanDurationIn(p, d) },
		"number":   p.Number,
		// date writes a moment in p's language (see timeText).
		"date": func(tt timeText) string { return dateIn(p, tt) },
	}
}

// pageLanguage is the language of a page for r: the signed-in account's
// preference, else the browser's Accept-Language.
func (s *server) pageLanguage(r *http.Request, u *core.User) i18n.Language {
	pref := ""
	if u != nil {
		pref = u.Language
	}
	return i18n.Choose(pref, r.Header.Get("Accept-Language"))
}

// translateView translates the texts that handlers put in v: title and
// notice composed as texts, and the title, notice and errors given as
// strings when they are messages of the catalogue (other strings stay as
// they are).
func translateView(p *i18n.Printer, v *view) {
	if v.cause != nil {
		english, local := errorText(v.cause), errorTextIn(p, v.cause)
		if v.Error == english {
			v.Error = local
		}
		for k, e := range v.FieldErrors {
			if e == english {
				v.FieldErrors[k] = local
			}
		}
		if d, ok := v.Data.(string); ok && d == english { // the error page
			v.Data = local
		}
	}
	if v.title.key != "" {
		v.Title = v.title.in(p)
	}
	if v.notice.key != "" {
		v.Notice = v.notice.in(p)
	}
	v.Title = p.Known(v.Title)
	v.Notice = p.Known(v.Notice)
	v.Error = p.Known(v.Error)
	for k, e := range v.FieldErrors {
		v.FieldErrors[k] = p.Known(e)
	}
}

// pageLanguagePost stores the language chosen on My Account.
func (s *server) pageLanguagePost(w http.ResponseWriter, r *http.Request, p *core.Principal) {
	if !s.readForm(w, r) {
		return
	}
	if err := s.svc.SetLanguage(r.Context(), p, r.PostForm.Get("language"), s.meta(r)); err != nil {
		s.accountFailed(w, r, p, "", err, "language")
		return
	}
	seeOther(w, r, "/account?notice=language-saved")
}

// apiSetLanguage stores the account's language: {"language": "de"}, or ""
// to follow Accept-Language. It answers the account as GET /me does.
func (s *server) apiSetLanguage() http.Handler {
	type request struct {
		Language *string `json:"language"`
	}
	return s.requireAPIUser(func(w http.ResponseWriter, r *http.Request, p *core.Principal) {
		var req request
		if err := decodeJSON(r, &req); err != nil {
			s.apiError(w, r, err, false)
			return
		}
		if req.Language == nil {
			s.apiError(w, r, badRequest("language", `missing; send {"language": "de"}, or "" to follow Accept-Language`), false)
			return
		}
		if err := s.svc.SetLanguage(r.Context(), p, *req.Language, s.meta(r)); err != nil {
			s.apiError(w, r, err, false)
			return
		}
		s.writeAccount(w, r, p)
	})
}

// apiMessage is the message of e in the language of r's Accept-Language.
// English is e's Message as it is. Another language gets the catalogue's
// translation of the message when it has one (the login's fixed
// messages), else the sentence a page shows for e (errorSentence), which
// leaves out the "field: " of the English message since the answer's
// field names the input; a message the language lacks stays English.
func apiMessage(r *http.Request, e *core.Error) string {
	p := i18n.NewPrinter(i18n.Negotiate(r.Header.Get("Accept-Language")))
	if e.Code == core.CodeTooManyAttempts && e.RetryAfter > 0 {
		return p.T("too many attempts; try again in %s", e.RetryAfter.String())
	}
	if p.Code == i18n.English.Code {
		return e.Message
	}
	if text := p.Known(e.Message); text != e.Message {
		return text
	}
	if text, ok := errorSentence(p, e); ok {
		return text
	}
	return e.Message
}

// escapeArgs makes the arguments of a th message safe to put into its
// markup: numbers and booleans stay as they are, for the printer to write
// in the language's digits; a text is written in p's language; every other
// value (strings, named string types, errors, Stringers, slices) is printed
// and then HTML-escaped, so no type an argument may have lets markup in.
func escapeArgs(p *i18n.Printer, args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32, float64, bool:
			out[i] = v
		case text:
			out[i] = html.EscapeString(v.in(p))
		default:
			out[i] = html.EscapeString(fmt.Sprint(v))
		}
	}
	return out
}

package server

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/i18n"
)

//go:embed templates/*.html
var templateFS embed.FS

// templates maps a language code and a page name (its file name without
// .html) to the page parsed together with layout.html, with the template
// functions t, th and known printing in that language.
type templates map[string]map[string]*template.Template

// layoutFile holds the document around every page: head, header with the
// User Panel, notices. Each page file defines "content", and may define
// "scripts" for the assets only it needs.
const layoutFile = "layout.html"

func parseTemplates() (templates, error) {
	out := templates{}
	for _, l := range i18n.Languages {
		pages, err := parseLanguage(i18n.NewPrinter(l))
		if err != nil {
			return nil, err
		}
		out[l.Code] = pages
	}
	return out, nil
}

// parseLanguage parses every page with the template functions of p.
func parseLanguage(p *i18n.Printer) (map[string]*template.Template, error) {
	base, err := template.New(layoutFile).Funcs(templateFuncs).Funcs(textFuncs(p)).ParseFS(templateFS, "templates/"+layoutFile)
	if err != nil {
		return nil, fmt.Errorf("pages: parse layout: %w", err)
	}
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	out := map[string]*template.Template{}
	for _, f := range files {
		name := path.Base(f)
		if name == layoutFile {
			continue
		}
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.ParseFS(templateFS, f); err != nil {
			return nil, fmt.Errorf("pages: parse %s: %w", name, err)
		}
		out[strings.TrimSuffix(name, ".html")] = t
	}
	return out, nil
}

// templateFuncs are the few helpers templates need.
var templateFuncs = template.FuncMap{
	// scriptTexts gathers the texts a script shows, as pairs of a name
	// and a text, into the object that a <script type="application/json">
	// element of the page hands to the script (see static/*.js).
	"scriptTexts": func(pairs ...string) (map[string]string, error) {
		if len(pairs)%2 != 0 {
			return nil, errors.New("scriptTexts: a name without its text")
		}
		out := make(map[string]string, len(pairs)/2)
		for i := 0; i < len(pairs); i += 2 {
			out[pairs[i]] = pairs[i+1]
		}
		return out, nil
	},
	// initial is the letter of the avatar in the User Panel.
	"initial": func(name string) string {
		for _, r := range name {
			return strings.ToUpper(string(r))
		}
		return "?"
	},
	// inputmode picks the keyboard for the code field: digits for app and
	// email codes, letters for recovery codes and passwords.
	"inputmode": func(opts []methodOption) string {
		switch checkedMethod(opts) {
		case core.MethodRecovery, core.MethodPassword:
			return "text"
		}
		return "numeric"
	},
}

// view is what every template gets. Data holds the page's own values.
type view struct {
	App  string
	Page string
	// Lang and Dir are the page's language code and writing direction
	// (render fills them in).
	Lang, Dir string
	Title     string
	// User is the signed-in user, nil on public pages.
	User   *core.User
	Notice string
	// Error is shown above the form; FieldErrors next to the named inputs.
	Error       string
	FieldErrors map[string]string
	Data        any
	// FormTargets are origins outside twofa where the page's forms may
	// lead after redirects (see withFormTargets).
	FormTargets []string
	// Enrollment is the banner of a signed-in account that must set up an
	// authenticator app (render fills it in), nil for none.
	Enrollment *enrollmentBanner
	// SignupClosed hides the link to the sign-up page (render fills it in).
	SignupClosed bool
	// cause is the error formErrors showed in English; render shows it in
	// the page's language.
	cause *core.Error
	// title and notice, when set, are written in the page's language
	// into Title and Notice by render: for titles and notices composed
	// with values.
	title, notice text
}

// render writes the page name with status. The page is rendered into a
// buffer first, so a template failure becomes a clean 500.
func (s *server) render(w http.ResponseWriter, r *http.Request, status int, name string, v *view) {
	lang := s.pageLanguage(r, v.User)
	t, ok := s.pages.tmpl[lang.Code][name]
	if !ok {
		s.pageInternalError(w, r, fmt.Errorf("pages: no template %q", name))
		return
	}
	translateView(i18n.NewPrinter(lang), v)
	v.Lang, v.Dir = lang.Code, lang.Dir()
	w.Header().Set("Content-Language", lang.Code)
	cfg := s.svc.Config()
	v.App = cfg.Issuer
	v.Page = name
	v.SignupClosed = cfg.SignupClosed
	if v.User != nil {
		v.Enrollment = s.bannerFor(v.User)
	}
	if len(v.FormTargets) > 0 {
		w.Header().Set("Content-Security-Policy", withFormTargets(v.FormTargets))
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, layoutFile, v); err != nil {
		s.pageInternalError(w, r, fmt.Errorf("pages: render %s: %w", name, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// renderError shows msg on an error page, translated when it is a message
// of the catalogue. A signed-in user gets a link back to the Security
// page, others a link to the login.
func (s *server) renderError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	s.renderErrorText(w, r, status, knownText(msg))
}

// renderErrorText is renderError with a text composed in Go, written in
// the page's language. The page's title is the status's name.
func (s *server) renderErrorText(w http.ResponseWriter, r *http.Request, status int, msg text) {
	s.renderErrorView(w, r, status, &view{Title: http.StatusText(status), Data: msg})
}

// renderErrorView renders v, whose Data is the message (a string, or a
// text), as the error page.
func (s *server) renderErrorView(w http.ResponseWriter, r *http.Request, status int, v *view) {
	if p := s.pagePrincipal(r); p != nil {
		v.User = p.User
	}
	s.render(w, r, status, "error", v)
}

// pageInternalError logs err and answers a plain HTML 500 that needs no
// template, since the templates may be what failed. An error that wraps
// core.ErrUnavailable answers 503 instead (see unavailable).
func (s *server) pageInternalError(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, core.ErrUnavailable) {
		s.unavailable(w, r, err)
		return
	}
	s.log.Error("page failed", "method", r.Method, "path", r.URL.Path, "err", err)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	_, _ = fmt.Fprint(w, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Internal error</title>`+
		`<link rel="stylesheet" href="/static/app.css"></head><body><main class="card"><h1>Something went wrong</h1>`+
		`<p>The server could not finish this request; its log has the details. <a href="/">Start again</a>.</p></main></body></html>`)
}

// pageError answers err from the core on a page that has no form to show it
// next to: its message on the error page, with the matching status.
func (s *server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	e, ok := core.AsError(err)
	if !ok {
		s.pageInternalError(w, r, err)
		return
	}
	status := statusOf(e.Code, false)
	s.renderErrorView(w, r, status, &view{Title: http.StatusText(status), Data: errorText(e), cause: e})
}

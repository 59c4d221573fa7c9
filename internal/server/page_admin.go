package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/i18n"
)

// adminPageRoutes lists the admin pages. Reading them needs an
// administrator; the changes (POST) also a recent second factor of the
// administrator, which the confirm page asks for when it is not.
func (s *server) adminPageRoutes(mux *http.ServeMux) {
	mux.Handle("GET /admin", s.requirePage(s.adminPage(s.pageAdminDashboard)))
	mux.Handle("GET /admin/users", s.requirePage(s.adminPage(s.pageAdminUsers)))
	mux.Handle("GET /admin/users/{id}", s.requirePage(s.adminPage(s.pageAdminUser)))
	mux.Handle("POST /admin/users/{id}/{action}", s.requirePage(s.adminPage(s.pageAdminAction)))
}

// adminPage runs next for an administrator; anyone else signed in gets a
// 403 page.
func (s *server) adminPage(next func(http.ResponseWriter, *http.Request, *core.Principal)) func(http.ResponseWriter, *http.Request, *core.Principal) {
	return func(w http.ResponseWriter, r *http.Request, p *core.Principal) {
		if err := s.svc.RequireAdmin(p); err != nil {
			s.pageError(w, r, err)
			return
		}
		next(w, r, p)
	}
}

// adminUsersData is the user list: the search form and one page.
type adminUsersData struct {
	Query    string
	Disabled bool
	Roles    []selectOption
	Factors  []selectOption
	Users    []adminUserRow
	// Next and First lead to the following page and back to the first.
	Next, First string
}

// selectOption is one option of a select; Label is a message the
// template translates.
type selectOption struct {
	Value, Label string
	Selected     bool
}

// adminUserRow is one account of the list; Factor is a message the
// template translates.
type adminUserRow struct {
	ID, Email, Name string
	Admin, Disabled bool
	Factor          string
	Created         timeText
}

// noSecondFactor is the message that shows "None" as an account's second
// factor. It has a key of its own because languages word "none" for a
// second factor differently from "none" for security keys.
const noSecondFactor = "None (no second factor)"

// factorLabel names the second factors of u, as a message of the
// catalogue.
func factorLabel(u *core.User) string {
	switch {
	case u.TOTPEnabled() && u.Email2FA:
		return "Authenticator app and email codes"
	case u.TOTPEnabled():
		return "Authenticator app"
	case u.Email2FA:
		return "Email codes only"
	}
	return noSecondFactor
}

// options lists pairs of value and label as options, value selected
// checked.
func options(selected string, pairs ...string) []selectOption {
	var out []selectOption
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, selectOption{Value: pairs[i], Label: pairs[i+1], Selected: pairs[i] == selected})
	}
	return out
}

// roleOptions are the roles the user search offers, selected checked.
func roleOptions(selected string) []selectOption {
	return options(selected, "", "Any role", core.RoleAdmin, "Administrators", core.RoleUser, "Users")
}

// factorOptions are the second factors the user search offers, selected
// checked.
func factorOptions(selected string) []selectOption {
	return options(selected, "", "Any second factor", core.SecondFactorTOTP, "Authenticator app",
		core.SecondFactorEmailOnly, "Email codes only", core.SecondFactorNone, noSecondFactor)
}

func (s *server) pageAdminUsers(w http.ResponseWriter, r *http.Request, p *core.Principal) {
	q, err := userQuery(r)
	v := &view{Title: "Users", User: p.User}
	if a, ok := s.userAction(r.URL.Query().Get("notice")); ok && a.gone {
		v.Notice = a.done
	}
	d := adminUsersData{Query: q.Prefix, Disabled: q.DisabledOnly, Roles: roleOptions(q.Role), Factors: factorOptions(q.SecondFactor)}
	var page *core.UserPage
	if err == nil {
		page, err = s.svc.SearchUsers(r.Context(), q)
	}
	if err != nil {
		e, ok := core.AsError(err)
		if !ok {
			s.pageInternalError(w, r, err)
			return
		}
		v.Error, v.Data = searchErrorIn(i18n.NewPrinter(s.pageLanguage(r, p.User)), e), d
		s.render(w, r, statusOf(e.Code, false), "admin_users", v)
		return
	}
	for _, u := range page.Users {
		d.Users = append(d.Users, adminUserRow{ID: u.ID, Email: u.Email, Name: u.Name, Admin: u.IsAdmin(),
			Disabled: u.Disabled(), Factor: factorLabel(&u), Created: newTimeText(u.CreatedAt)})
	}
	link := func(after string) string {
		params := url.Values{}
		for _, name := range []string{"q", "role", "factor", "disabled", "limit"} {
			if val := r.URL.Query().Get(name); val != "" {
				params.Set(name, val)
			}
		}
		if after != "" {
			params.Set("after", after)
		}
		if len(params) == 0 {
			return "/admin/users"
		}
		return "/admin/users?" + params.Encode()
	}
	if page.Next != "" {
		d.Next = link(page.Next)
	}
	if q.After != "" {
		d.First = link("")
	}
	v.Data = d
	s.render(w, r, http.StatusOK, "admin_users", v)
}

// searchFields name the parameters of the user search by the labels of
// its form, as messages of the catalogue; limit and after, which the form
// does not have, keep their names.
var searchFields = map[string]string{
	"q": "Address starts with", "role": "Role", "factor": "Second factor", "disabled": "Disabled only",
}

// searchErrorIn is the refusal of a user search in p's language, naming
// the parameter at fault: in English the core's message as a sentence
// ("Factor: must be ..."), in another language the parameter's label and
// the message's sentence in that language (the English sentence when the
// catalogue lacks it).
func searchErrorIn(p *i18n.Printer, e *core.Error) string {
	text, ok := errorSentence(p, e)
	if p.Code == i18n.English.Code || !ok || e.Field == "" {
		return sentence(e.Message)
	}
	field := e.Field
	if label, ok := searchFields[field]; ok {
		field = p.T(label)
	}
	return p.T("%[1]s: %[2]s", field, text)
}

// adminUserData is one account's admin page.
type adminUserData struct {
	User                         *core.User
	Factor                       string
	RecoveryLeft, Sessions       int
	Created, LastLogin, Disabled timeText
	Locks                        []lockRow
	Actions                      []actionForm
	Events                       []eventRow
	// Older is the path of the next page of events, "" at the end;
	// Newest the path of the first when this is not it.
	Older, Newest string
	// Retention is how long events are kept; RetentionDays the same in
	// days when it is whole days, else 0.
	Retention     time.Duration
	RetentionDays int
	// Freshness is how long a second factor spares the administrator the
	// code.
	Freshness time.Duration
}

// lockRow is one lock of the account; What is a message the template
// translates.
type lockRow struct {
	What     string
	Key      string
	Failures int
	Until    timeText
}

// actionForm is the form of one action on the account's page; Intro and
// Label are messages the template translates.
type actionForm struct {
	Path  string
	Intro string
	actionButton
}

// lockLabels describe the limits kept per account, by key prefix: label
// for one device, unknown for every unknown device of the account (a key
// ending in ":unknown"), "" where no such key exists.
var lockLabels = []struct{ prefix, label, unknown string }{
	{"2fa:", "Code entry", "Code entry from unknown devices"},
	{"mail-user:", "Code mails", "Code mails from unknown devices"},
	{"mail-sessions:", "Code mails from sessions", ""},
}

// lockLabel describes the limit with that key, as a message of the
// catalogue (or the key itself when it is of no known limit).
func lockLabel(key string) string {
	for _, l := range lockLabels {
		if strings.HasPrefix(key, l.prefix) {
			if l.unknown != "" && strings.HasSuffix(key, ":unknown") {
				return l.unknown
			}
			return l.label
		}
	}
	return key
}

// userPath is the admin page of the account id.
func userPath(id string) string { return "/admin/users/" + url.PathEscape(id) }

func (s *server) pageAdminUser(w http.ResponseWriter, r *http.Request, p *core.Principal) {
	d, events, err := s.userDetail(r, adminEventPage)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	u := d.User
	path := userPath(u.ID)
	data := adminUserData{User: u, Factor: factorLabel(u), RecoveryLeft: d.RecoveryLeft, Sessions: d.Sessions,
		Created: newTimeText(u.CreatedAt), LastLogin: newTimeText(d.LastLogin), Disabled: newTimeText(u.DisabledAt),
		Events: eventRows(events.Entries), Retention: s.svc.Config().EventRetention,
		RetentionDays: wholeDays(s.svc.Config().EventRetention), Freshness: s.svc.Config().StepUpFreshness}
	for _, l := range d.Locks {
		data.Locks = append(data.Locks, lockRow{What: lockLabel(l.Key), Key: l.Key, Failures: l.Failures, Until: newTimeText(l.LockedUntil)})
	}
	for _, a := range s.userActions {
		if b, ok := a.offer(u); ok {
			data.Actions = append(data.Actions, actionForm{Path: path + "/" + a.name, Intro: a.intro, actionButton: b})
		}
	}
	if events.Next != "" {
		data.Older = path + "?before=" + url.QueryEscape(events.Next) + "#events"
	}
	if r.URL.Query().Get("before") != "" {
		data.Newest = path + "#events"
	}
	v := &view{Title: u.Email, User: p.User, Data: data}
	if a, ok := s.userAction(r.URL.Query().Get("notice")); ok {
		v.Notice = a.done
	}
	s.render(w, r, http.StatusOK, "admin_user", v)
}

// noSuchAction is the error page of a change of an account that does not
// exist.
const noSuchAction = "There is no such change of an account."

// pageAdminAction makes the change {action} to the account {id}, with the
// administrator's second factor: at once when the session proved one
// recently, otherwise after the confirm page asks for it.
func (s *server) pageAdminAction(w http.ResponseWriter, r *http.Request, p *core.Principal) {
	a, ok := s.userAction(r.PathValue("action"))
	if !ok {
		s.renderError(w, r, http.StatusNotFound, noSuchAction)
		return
	}
	u, err := s.svc.User(r.Context(), r.PathValue("id"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if !s.readForm(w, r) {
		return
	}
	b, _ := a.offer(u)
	path := userPath(u.ID) + "/" + a.name
	back, backTitle := userPath(u.ID), u.Email
	if a.gone {
		back, backTitle = "/admin/users", "Users"
	}
	sa := sensitiveAction{path: path, title: b.Label, intro: a.intro, button: b.Label,
		notice: a.name, back: back, backTitle: backTitle,
		run: func(s *server, ctx context.Context, p *core.Principal, proof core.Proof, meta core.ClientMeta) ([]string, error) {
			op, err := s.svc.AdminOperator(ctx, p, proof, meta)
			if err != nil {
				return nil, err
			}
			return nil, a.run(r, u.ID, op)
		}}
	for _, f := range b.Fields { // sent along with the proof, as posted
		sa.hidden = append(sa.hidden, formField{Name: f.Name, Value: r.PostForm.Get(f.Name)})
	}
	s.sensitivePage(sa)(w, r, p)
}

// adminDashboardData is the dashboard: the adoption of second factors
// and the chart of the last days.
type adminDashboardData struct {
	Accounts int
	// AdoptionSummary is the adoption bar in one sentence, its <title>.
	AdoptionSummary string
	Adoption        []adoptionPart
	Chart           activityChart
	Days            []dayRow
	Drift           []driftRow
}

// driftRow is an account whose authenticator app's clock is off.
type driftRow struct {
	Path, Email string
	*driftNotice
}

// dayRow is one day of the chart's table.
type dayRow struct {
	Day                           timeText
	Successes, Failures, Lockouts int
}

func (s *server) pageAdminDashboard(w http.ResponseWriter, r *http.Request, p *core.Principal) {
	d, err := s.svc.Dashboard(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	pr := i18n.NewPrinter(s.pageLanguage(r, p.User))
	data := adminDashboardData{Accounts: d.Adoption.Accounts, Adoption: adoptionParts(pr, d.Adoption), Chart: newActivityChart(pr, d.Days)}
	data.AdoptionSummary = adoptionSummary(pr, d.Adoption.Accounts, data.Adoption)
	for _, a := range d.ClockDrift {
		drift := a.ClockDrift
		if n := newDriftNotice(&drift); n != nil {
			data.Drift = append(data.Drift, driftRow{Path: userPath(a.UserID), Email: a.Email, driftNotice: n})
		}
	}
	for _, day := range d.Days {
		data.Days = append(data.Days, dayRow{Day: newDayText(day.Day),
			Successes: day.Successes, Failures: day.Failures, Lockouts: day.Lockouts})
	}
	s.render(w, r, http.StatusOK, "admin_dashboard", &view{Title: "Administration", User: p.User, Data: data})
}

// percent writes n's share of all as a percentage with one decimal, in
// p's language.
func percent(p *i18n.Printer, n, all int) string {
	return p.Percent(share(n, all))
}

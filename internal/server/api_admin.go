package server

import (
	"math"
	"net/http"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// adminUserJSON is an account as the admin API lists it.
type adminUserJSON struct {
	ID         string             `json:"id"`
	Email      string             `json:"email"`
	Name       string             `json:"name"`
	Role       string             `json:"role"`
	CreatedAt  time.Time          `json:"createdAt"`
	DisabledAt *time.Time         `json:"disabledAt,omitempty"`
	TwoFactor  adminTwoFactorJSON `json:"twoFactor"`
}

// adminTwoFactorJSON is the second factors of an account; the count of
// recovery codes is only in the detail of one account.
type adminTwoFactorJSON struct {
	TOTP          methodOnJSON   `json:"totp"`
	Email         methodOnJSON   `json:"email"`
	RecoveryCodes *remainingJSON `json:"recoveryCodes,omitempty"`
}

// adminUserDetailJSON is one account in full.
type adminUserDetailJSON struct {
	adminUserJSON
	LastLogin *time.Time  `json:"lastLogin,omitempty"`
	Sessions  int         `json:"sessions"`
	Locks     []lockJSON  `json:"locks"`
	Events    []eventJSON `json:"events"`
	// EventsNext is the cursor of the next (older) page of events.
	EventsNext string `json:"eventsNext,omitempty"`
}

// methodOnJSON tells whether an account has a second-factor method on.
type methodOnJSON struct {
	Enabled bool `json:"enabled"`
}

// lockJSON is a limit that locks part of an account now.
type lockJSON struct {
	Key         string    `json:"key"`
	Failures    int       `json:"failures"`
	LockedUntil time.Time `json:"lockedUntil"`
}

func toAdminUserJSON(u *core.User) adminUserJSON {
	j := adminUserJSON{ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, CreatedAt: u.CreatedAt,
		TwoFactor: adminTwoFactorJSON{TOTP: methodOnJSON{u.TOTPEnabled()}, Email: methodOnJSON{u.Email2FA}}}
	if u.Disabled() {
		at := u.DisabledAt
		j.DisabledAt = &at
	}
	return j
}

// optionalTime is t, or nil for the zero time (left out of the JSON).
func optionalTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// userQuery reads a search of the user list from the query parameters q,
// after, role, factor, disabled and limit.
func userQuery(r *http.Request) (core.UserSearch, error) {
	v := r.URL.Query()
	q := core.UserSearch{Prefix: v.Get("q"), After: v.Get("after"), Role: v.Get("role"), SecondFactor: v.Get("factor")}
	switch v.Get("disabled") {
	case "", "false":
	case "true":
		q.DisabledOnly = true
	default:
		return q, badRequest("disabled", `must be "true" or "false"`)
	}
	var err error
	q.Limit, err = queryLimit(r, core.MaxUserPage)
	return q, err
}

// apiAdminUsers answers one page of the user list.
func (s *server) apiAdminUsers() http.Handler {
	return s.requireAPIAdmin(func(w http.ResponseWriter, r *http.Request, _ *core.Principal) {
		q, err := userQuery(r)
		if err != nil {
			s.apiError(w, r, err, false)
			return
		}
		page, err := s.svc.SearchUsers(r.Context(), q)
		if err != nil {
			s.apiError(w, r, err, false)
			return
		}
		out := make([]adminUserJSON, 0, len(page.Users))
		for i := range page.Users {
			out = append(out, toAdminUserJSON(&page.Users[i]))
		}
		body := map[string]any{"users": out}
		if page.Next != "" {
			body["next"] = page.Next
		}
		writeJSON(w, http.StatusOK, body)
	})
}

// adminEventPage is how many audit entries an account's detail holds
// unless the request says.
const adminEventPage = 20

// apiAdminUser answers one account in full, with a page of its audit
// trail (?before=&limit= as for GET /api/v1/me/events).
func (s *server) apiAdminUser() http.Handler {
	return s.requireAPIAdmin(func(w http.ResponseWriter, r *http.Request, _ *core.Principal) {
		limit, err := queryLimit(r, core.MaxEventPage)
		if err != nil {
			s.apiError(w, r, err, false)
			return
		}
		if limit == 0 {
			limit = adminEventPage
		}
		d, events, err := s.userDetail(r, limit)
		if err != nil {
			s.apiError(w, r, err, false)
			return
		}
		out := adminUserDetailJSON{adminUserJSON: toAdminUserJSON(d.User), LastLogin: optionalTime(d.LastLogin),
			Sessions: d.Sessions, Locks: []lockJSON{}, Events: toEventsJSON(events.Entries), EventsNext: events.Next}
		out.TwoFactor.RecoveryCodes = &remainingJSON{d.RecoveryLeft}
		for _, l := range d.Locks {
			out.Locks = append(out.Locks, lockJSON{Key: l.Key, Failures: l.Failures, LockedUntil: l.LockedUntil})
		}
		writeJSON(w, http.StatusOK, out)
	})
}

// userDetail reads the account {id} and a page of its audit trail, from
// ?before=, of limit entries.
func (s *server) userDetail(r *http.Request, limit int) (*core.UserDetail, *core.EventPage, error) {
	d, err := s.svc.UserDetail(r.Context(), r.PathValue("id"))
	if err != nil {
		return nil, nil, err
	}
	events, err := s.svc.UserEvents(r.Context(), d.User.ID, r.URL.Query().Get("before"), limit)
	if err != nil {
		return nil, nil, err
	}
	return d, events, nil
}

// shareJSON is a count and its share of all accounts.
type shareJSON struct {
	Count int     `json:"count"`
	Share float64 `json:"share"`
}

// dayJSON is one day of second-factor activity.
type dayJSON struct {
	Day       string `json:"day"`
	Successes int    `json:"successes"`
	Failures  int    `json:"failures"`
	Lockouts  int    `json:"lockouts"`
}

// share is n's share of all, rounded to four decimals (0 when all is 0).
func share(n, all int) float64 {
	if all == 0 {
		return 0
	}
	return math.Round(float64(n)/float64(all)*10000) / 10000
}

// apiAdminDashboard answers the adoption of second factors and the
// second-factor activity of the last days.
func (s *server) apiAdminDashboard() http.Handler {
	return s.requireAPIAdmin(func(w http.ResponseWriter, r *http.Request, _ *core.Principal) {
		d, err := s.svc.Dashboard(r.Context())
		if err != nil {
			s.apiError(w, r, err, false)
			return
		}
		a := d.Adoption
		days := make([]dayJSON, 0, len(d.Days))
		for _, day := range d.Days {
			days = append(days, dayJSON{Day: day.Day.Format(time.DateOnly), Successes: day.Successes,
				Failures: day.Failures, Lockouts: day.Lockouts})
		}
		writeJSON(w, http.StatusOK, map[string]any{
			"accounts": a.Accounts,
			"secondFactors": map[string]shareJSON{
				"totp":      {a.TOTP, share(a.TOTP, a.Accounts)},
				"emailOnly": {a.EmailOnly, share(a.EmailOnly, a.Accounts)},
				"none":      {a.None(), share(a.None(), a.Accounts)},
			},
			"days":       days,
			"clockDrift": toDriftJSON(d.ClockDrift),
		})
	})
}

// driftAccountJSON is an account whose authenticator app's clock is off.
type driftAccountJSON struct {
	ID      string    `json:"id"`
	Email   string    `json:"email"`
	Seconds int       `json:"seconds"`
	Since   time.Time `json:"since"`
}

func toDriftJSON(list []core.DriftAccount) []driftAccountJSON {
	out := make([]driftAccountJSON, 0, len(list))
	for _, a := range list {
		out = append(out, driftAccountJSON{ID: a.UserID, Email: a.Email, Seconds: a.Seconds, Since: a.Since})
	}
	return out
}

package server

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/oidcprovider"
)

// securityData is the Security page: the state of every method, the
// active sessions, the trusted devices and a page of the audit trail.
type securityData struct {
	Account       *core.AccountState
	RecoveryTotal int
	Sessions      []sessionRow
	Devices       []deviceRow
	Events        []eventRow
	// Older is the cursor of the next page of events, "" at the end.
	Older string
	// Paged tells that this is not the newest page of events.
	Paged bool
	// Retention is how long events are kept; RetentionDays is the same
	// in days when it is whole days (0 otherwise), for the plural message.
	Retention     time.Duration
	RetentionDays int
	// Apps lists the apps that may sign the user in (nil when twofa is
	// not an OpenID Connect provider).
	Apps []appRow
	// NeedsApp names the app whose sign-in sent the user here because it
	// needs a second factor the account does not have; Continue goes back
	// to that sign-in.
	NeedsApp string
	Continue string
	// Drift warns that the authenticator app's clock is off (nil: it is
	// not).
	Drift *driftNotice
	// Keys are the security keys and passkeys; KeysAvailable tells that
	// the server can use them (it knows its own address).
	Keys          []keyRow
	KeysAvailable bool
}

// appRow is one app with access, as the page lists it.
type appRow struct {
	ClientID string
	Name     string
	Granted  timeText
	LastUsed timeText
}

// sessionRow is one active session as the page lists it.
type sessionRow struct {
	ID       string
	Device   text
	Agent    string
	IP       string
	SignedIn timeText
	LastSeen timeText
	Current  bool
}

// deviceRow is one trusted device as the page lists it.
type deviceRow struct {
	ID       string
	Browser  text
	Agent    string
	IP       string
	LastUsed timeText
	Expires  timeText
}

// eventRow is one audit entry as the page lists it: one event, or a run of
// repeated ones (Many) from First to At. What, Detail and Browser are
// written in the page's language by the template function msg.
type eventRow struct {
	What    text
	Detail  text
	At      timeText
	First   timeText
	Many    bool
	IP      string
	Browser text
	Agent   string
}

func (s *server) pageSecurity(w http.ResponseWriter, r *http.Request, p *core.Principal) {
	ctx := r.Context()
	a, err := s.svc.Account(ctx, p)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	sessions, err := s.svc.Sessions(ctx, p)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	devices, err := s.svc.TrustedDevices(ctx, p)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	before := r.URL.Query().Get("before")
	events, err := s.svc.Events(ctx, p, before, core.DefaultEventPage)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	d := securityData{Account: a, RecoveryTotal: s.svc.Config().RecoveryCodes, Older: events.Next, Paged: before != "",
		Retention: s.svc.Config().EventRetention, RetentionDays: wholeDays(s.svc.Config().EventRetention), Drift: newDriftNotice(a.ClockDrift)}
	for _, sess := range sessions {
		d.Sessions = append(d.Sessions, sessionRow{
			ID: sess.ID, Device: browserText(sess.UserAgent), Agent: sess.UserAgent, IP: sess.IP,
			SignedIn: newTimeText(sess.CreatedAt), LastSeen: newTimeText(sess.LastSeen), Current: sess.Current,
		})
	}
	for _, dev := range devices {
		d.Devices = append(d.Devices, deviceRow{
			ID: dev.ID, Browser: browserText(dev.UserAgent), Agent: dev.UserAgent, IP: dev.IP,
			LastUsed: newTimeText(dev.LastUsed), Expires: newTimeText(dev.ExpiresAt),
		})
	}
	if s.oidc != nil {
		if err := s.securityApps(r, p, &d); err != nil {
			s.pageError(w, r, err)
			return
		}
	}
	d.Events = eventRows(events.Entries)
	keys, err := s.svc.WebAuthnCredentials(ctx, p)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	d.Keys, d.KeysAvailable = keyRows(keys), s.svc.WebAuthnAvailable()
	v := &view{Title: "Security", User: p.User, notice: s.noticeText(r.URL.Query().Get("notice")), Data: d}
	s.render(w, r, http.StatusOK, "security", v)
}

func (s *server) pageEmailEnable(w http.ResponseWriter, r *http.Request, p *core.Principal) {
	if !s.readForm(w, r) {
		return
	}
	if err := s.svc.EnableEmail2FA(r.Context(), p, s.meta(r)); err != nil {
		s.pageError(w, r, err)
		return
	}
	seeOther(w, r, "/account/security?notice=email-enabled")
}

// pageDeviceRevoke forgets the trusted device named by the field id, or
// every one when id is empty.
func (s *server) pageDeviceRevoke(w http.ResponseWriter, r *http.Request, p *core.Principal) {
	if !s.readForm(w, r) {
		return
	}
	id := r.PostForm.Get("id")
	if err := s.svc.RevokeTrustedDevice(r.Context(), p, id, s.meta(r)); err != nil {
		s.pageError(w, r, err)
		return
	}
	notice := "device-revoked"
	if id == "" {
		notice = "devices-revoked"
	}
	seeOther(w, r, "/account/security?notice="+notice)
}

// pageSessionEnd ends the session named by the field id. Ending the
// session the browser itself uses logs it out.
func (s *server) pageSessionEnd(w http.ResponseWriter, r *http.Request, p *core.Principal) {
	if !s.readForm(w, r) {
		return
	}
	id := r.PostForm.Get("id")
	if err := s.svc.EndSession(r.Context(), p, id, s.meta(r)); err != nil {
		s.pageError(w, r, err)
		return
	}
	if id == p.Session.ID {
		s.clearCookie(w, sessionCookie)
		seeOther(w, r, "/login?notice=signed-out")
		return
	}
	seeOther(w, r, "/account/security?notice=session-ended#sessions")
}

// pageSessionsEndOthers ends every session but the browser's own.
func (s *server) pageSessionsEndOthers(w http.ResponseWriter, r *http.Request, p *core.Principal) {
	if !s.readForm(w, r) {
		return
	}
	if err := s.svc.EndOtherSessions(r.Context(), p, s.meta(r)); err != nil {
		s.pageError(w, r, err)
		return
	}
	seeOther(w, r, "/account/security?notice=sessions-ended#sessions")
}

// eventRows lists audit entries as the pages show them.
func eventRows(entries []core.EventEntry) []eventRow {
	var rows []eventRow
	for _, ev := range entries {
		row := eventRow{
			What: entryText(ev), At: newTimeText(ev.At), First: newTimeText(ev.First), Many: ev.Count > 1,
			IP: ev.IP, Browser: browserText(ev.UserAgent), Agent: ev.UserAgent,
		}
		if !row.Many {
			row.Detail = detailText(ev.Type, ev.Detail)
		}
		rows = append(rows, row)
	}
	return rows
}

// retentionText writes how long events are kept, in days when it is whole
// days.
func retentionText(d time.Duration) string {
	switch n := wholeDays(d); n {
	case 0:
		return core.HumanDuration(d)
	case 1:
		return "1 day"
	default:
		return strconv.Itoa(n) + " days"
	}
}

// securityApps fills the page's "Apps with access", and the notice of an
// app that needs a second factor when ?app= names its sign-in request.
func (s *server) securityApps(r *http.Request, p *core.Principal, d *securityData) error {
	apps, err := s.svc.OIDCApps(r.Context(), p)
	if err != nil {
		return err
	}
	for _, a := range apps {
		d.Apps = append(d.Apps, appRow{ClientID: a.ClientID, Name: a.ClientName, Granted: newTimeText(a.GrantedAt), LastUsed: newTimeText(a.LastUsed)})
	}
	if id := r.URL.Query().Get("app"); id != "" {
		if _, c, err := s.svc.OIDCRequest(r.Context(), id); err == nil {
			d.NeedsApp = c.Name
			d.Continue = oidcprovider.LoginPath + "?id=" + url.QueryEscape(id)
		}
	}
	return nil
}

// wholeDays is d in days when it is a whole number of days, 0 otherwise.
func wholeDays(d time.Duration) int {
	const day = 24 * time.Hour
	if d >= day && d%day == 0 {
		return int(d / day)
	}
	return 0
}

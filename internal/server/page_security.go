package server

import (
	"net/http"

	"github.com/twofa-dev/twofa/internal/core"
)

// eventsShown is how many audit events the Security page lists.
const eventsShown = 50

// securityData is the Security page: the state of every method, the
// trusted devices and the latest events.
type securityData struct {
	Account       *core.AccountState
	RecoveryTotal int
	Devices       []deviceRow
	Events        []eventRow
}

// deviceRow is one trusted device as the page lists it.
type deviceRow struct {
	ID       string
	Browser  string
	Agent    string
	IP       string
	LastUsed timeText
	Expires  timeText
}

// eventRow is one audit event as the page lists it.
type eventRow struct {
	What    string
	Detail  string
	At      timeText
	IP      string
	Browser string
	Agent   string
}

func (s *server) pageSecurity(w http.ResponseWriter, r *http.Request, p *core.Principal) {
	ctx := r.Context()
	a, err := s.svc.Account(ctx, p)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	devices, err := s.svc.TrustedDevices(ctx, p)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	events, err := s.svc.Events(ctx, p, eventsShown)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	d := securityData{Account: a, RecoveryTotal: s.svc.Config().RecoveryCodes}
	for _, dev := range devices {
		d.Devices = append(d.Devices, deviceRow{
			ID: dev.ID, Browser: describeBrowser(dev.UserAgent), Agent: dev.UserAgent, IP: dev.IP,
			LastUsed: newTimeText(dev.LastUsed), Expires: newTimeText(dev.ExpiresAt),
		})
	}
	for _, ev := range events {
		d.Events = append(d.Events, eventRow{
			What: eventLabel(ev.Type), Detail: eventDetail(ev.Detail), At: newTimeText(ev.At),
			IP: ev.IP, Browser: describeBrowser(ev.UserAgent), Agent: ev.UserAgent,
		})
	}
	v := &view{Title: "Security", User: p.User, Notice: s.noticeText(r.URL.Query().Get("notice")), Data: d}
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

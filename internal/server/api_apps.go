package server

import (
	"net/http"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// appJSON is an app that may sign the user in, as GET /api/v1/me/apps
// shows it.
type appJSON struct {
	ClientID  string    `json:"clientId"`
	Name      string    `json:"name"`
	Scopes    []string  `json:"scopes"`
	GrantedAt time.Time `json:"grantedAt"`
	LastUsed  time.Time `json:"lastUsed"`
}

func (s *server) apiApps() http.Handler {
	return s.requireAPIUser(func(w http.ResponseWriter, r *http.Request, p *core.Principal) {
		apps, err := s.svc.OIDCApps(r.Context(), p)
		if err != nil {
			s.apiError(w, r, err, false)
			return
		}
		out := make([]appJSON, 0, len(apps))
		for _, a := range apps {
			out = append(out, appJSON{ClientID: a.ClientID, Name: a.ClientName, Scopes: a.Scopes, GrantedAt: a.GrantedAt, LastUsed: a.LastUsed})
		}
		writeJSON(w, http.StatusOK, map[string]any{"apps": out})
	})
}

func (s *server) apiAppRevoke() http.Handler {
	return s.requireAPIUser(func(w http.ResponseWriter, r *http.Request, p *core.Principal) {
		if err := s.svc.RevokeOIDCApp(r.Context(), p, r.PathValue("clientId"), s.meta(r)); err != nil {
			s.apiError(w, r, err, false)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
}

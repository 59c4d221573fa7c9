package server

import (
	"context"
	"net/url"
	"strings"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/oidcprovider"
)

// Browsers apply a page's form-action to every redirect that follows a
// form's submission. A login that ends at an app or a protected site (a
// redirect to another origin) would be stopped by form-action 'self', so
// the pages whose forms may end there name that one origin too.

// withFormTargets returns the policy with origins added to form-action.
func withFormTargets(origins []string) string {
	if len(origins) == 0 {
		return contentSecurityPolicy
	}
	return strings.Replace(contentSecurityPolicy, "form-action 'self'", "form-action 'self' "+strings.Join(origins, " "), 1)
}

// cspSource is the CSP source that matches uri's origin: scheme://host for
// http(s), the scheme alone for an app's private-use scheme; "" when uri
// cannot be one (it would also be refused as a redirect).
func cspSource(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme == "" {
		return ""
	}
	for _, r := range u.Scheme + u.Host {
		if r == ' ' || r == ';' || r == ',' || r == '\'' || r == '"' || r < 0x21 || r > 0x7e {
			return ""
		}
	}
	switch u.Scheme {
	case "http", "https":
		if u.Host == "" {
			return ""
		}
		return u.Scheme + "://" + u.Host
	}
	return u.Scheme + ":"
}

// returnTargets is the origin a login returning to rd ends at: rd's own
// when it is absolute (a protected site), the redirect URI of the app's
// sign-in request when rd carries one on; none otherwise.
func (s *server) returnTargets(ctx context.Context, rd string) []string {
	if !strings.HasPrefix(rd, oidcprovider.LoginPath+"?") {
		return webTarget(rd)
	}
	if s.oidc == nil {
		return nil
	}
	u, err := url.Parse(rd)
	if err != nil {
		return nil
	}
	req, _, err := s.svc.OIDCRequest(ctx, u.Query().Get("id"))
	if err != nil {
		return nil
	}
	return appTarget(req)
}

// appTarget is the origin of the redirect URI of an app's sign-in request
// (an app's private-use scheme included).
func appTarget(req *core.OIDCAuthRequest) []string {
	if src := cspSource(req.RedirectURI); src != "" {
		return []string{src}
	}
	return nil
}

// webTarget is the origin of an absolute http(s) address, none for a
// local path or anything else.
func webTarget(uri string) []string {
	if src := cspSource(uri); src != "" && strings.Contains(uri, "://") {
		return []string{src}
	}
	return nil
}

// Package authz decides who may open a URL of a site that a reverse proxy
// protects with twofa (nginx auth_request, Traefik forwardAuth, Caddy
// forward_auth): access rules read from a YAML file, matched by host and
// path, first match wins. It knows nothing of HTTP requests or storage:
// the server asks it about a host, a path and a signed-in email.
package authz

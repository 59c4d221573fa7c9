package main

import "net/url"

// redactDSN hides a password in a database URL before it is logged.
func redactDSN(dsn string) string {
	if !isPostgres(dsn) {
		return dsn
	}
	if _, err := url.Parse(dsn); err != nil {
		return "postgres://(unparsable)"
	}
	return redactURL(dsn)
}

// redactURL hides the password of a URL, in its user information
// (user:xxxxx@) and in a password query parameter, as libpq accepts.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparsable URL)"
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

package authz

import (
	"slices"

	"github.com/twofa-dev/twofa/internal/core"
)

// Rule is one access rule. It applies to a request whose host fits one of
// Hosts and whose path fits one of Paths (every path when there are none),
// and, when Users is not empty, only to those users: to anyone else, and
// to visitors who are not signed in, the rule does not apply and the next
// one is tried.
type Rule struct {
	Hosts  []hostPattern
	Paths  []pathPrefix
	Users  []string // folded email addresses
	Policy Policy
}

// Rules are the access rules of protected sites, tried in order: the
// first that applies decides. When none does, Default decides.
type Rules struct {
	List    []Rule
	Default Policy
}

// Default is what twofa does without a rules file: every request to a
// protected site needs both factors.
func Default() *Rules { return &Rules{Default: TwoFactor} }

// Decide returns the policy for a request to host (any case, with or
// without a port) and path (decoded; it is cleaned here), by the
// signed-in user with this verified email address; "" for a visitor who
// is not signed in or whose address is not verified, whom no users list
// names.
func (rs *Rules) Decide(host, path, email string) Policy {
	host, path = NormalizeHost(host), CleanPath(path)
	email = core.FoldEmail(email)
	for _, r := range rs.List {
		if r.applies(host, path, email) {
			return r.Policy
		}
	}
	return rs.Default
}

// ListsUsers reports whether a rule with a users list fits host and path
// ahead of any rule without one: a visitor who is not signed in (or whose
// address is not verified) skips it, but could be let in by it after
// logging in.
func (rs *Rules) ListsUsers(host, path string) bool {
	host, path = NormalizeHost(host), CleanPath(path)
	for _, r := range rs.List {
		if r.fits(host, path) {
			return len(r.Users) > 0
		}
	}
	return false
}

func (r *Rule) applies(host, path, email string) bool {
	if len(r.Users) > 0 && (email == "" || !slices.Contains(r.Users, email)) {
		return false
	}
	return r.fits(host, path)
}

// fits reports whether host and path fit the rule, whoever asks.
func (r *Rule) fits(host, path string) bool {
	if !anyMatch(r.Hosts, host) {
		return false
	}
	return len(r.Paths) == 0 || anyMatch(r.Paths, path)
}

// Names reports whether host fits the host pattern of some rule: such a
// host is a protected domain, to which a login may return.
func (rs *Rules) Names(host string) bool {
	host = NormalizeHost(host)
	for _, r := range rs.List {
		if anyMatch(r.Hosts, host) {
			return true
		}
	}
	return false
}

func anyMatch[P interface{ matches(string) bool }](patterns []P, s string) bool {
	for _, p := range patterns {
		if p.matches(s) {
			return true
		}
	}
	return false
}

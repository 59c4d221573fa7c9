package authz

import "fmt"

// Policy is what a rule demands of a visitor.
type Policy int

// The policies, from the most open to the most closed.
const (
	// Bypass lets everyone through, signed in or not.
	Bypass Policy = iota + 1
	// OneFactor needs a session, however it was made.
	OneFactor
	// TwoFactor needs a session made with a second factor (or a trusted
	// device, which a second factor made).
	TwoFactor
	// Deny refuses everyone.
	Deny
)

var policyNames = map[Policy]string{
	Bypass:    "bypass",
	OneFactor: "one_factor",
	TwoFactor: "two_factor",
	Deny:      "deny",
}

// String is the policy's name as the rules file spells it.
func (p Policy) String() string {
	if n, ok := policyNames[p]; ok {
		return n
	}
	return fmt.Sprintf("Policy(%d)", int(p))
}

// ParsePolicy reads a policy name: bypass, one_factor, two_factor or deny.
func ParsePolicy(name string) (Policy, error) {
	for p, n := range policyNames {
		if n == name {
			return p, nil
		}
	}
	return 0, fmt.Errorf("%q is not a policy: use bypass, one_factor, two_factor or deny", name)
}

package mailtest

import "errors"

// loginServer is the server side of the obsolete but common LOGIN SASL
// mechanism, which github.com/emersion/go-sasl does not provide.
type loginServer struct {
	check func(user, pass string) error
	step  int
	user  string
}

// Next implements sasl.Server.
func (l *loginServer) Next(response []byte) (challenge []byte, done bool, err error) {
	switch l.step {
	case 0:
		l.step = 1
		if len(response) > 0 { // initial response carries the user name
			return l.Next(response)
		}
		return []byte("Username:"), false, nil
	case 1:
		l.user = string(response)
		l.step = 2
		return []byte("Password:"), false, nil
	case 2:
		l.step = 3
		return nil, true, l.check(l.user, string(response))
	}
	return nil, false, errors.New("unexpected LOGIN response")
}

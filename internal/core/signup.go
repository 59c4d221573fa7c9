package core

import (
	"context"
	"errors"
	"fmt"

	"github.com/twofa-dev/twofa/internal/i18n"
)

// SignUpInput is what a new user gives.
type SignUpInput struct {
	Email    string
	Password string
	Name     string
	// Language is the code of the language the sign-up was made in (see
	// internal/i18n); the account starts with it. An unsupported code is
	// ignored: the account follows the browser.
	Language string
}

// SignUp creates an account, unless sign-up is closed. Email 2FA starts
// on when the server's default says so and email codes are allowed.
// Sign-ups are limited per client address.
func (s *Service) SignUp(ctx context.Context, in SignUpInput, meta ClientMeta) (*User, error) {
	if s.cfg().SignupClosed {
		return nil, errSignupClosed
	}
	return s.signUp(ctx, in, RoleUser, meta, "")
}

// signUp creates an account with that role, recording detail with the
// sign-up event.
func (s *Service) signUp(ctx context.Context, in SignUpInput, role string, meta ClientMeta, detail string) (*User, error) {
	email, err := normalizeEmail("email", in.Email)
	if err != nil {
		return nil, err
	}
	if err := validatePassword("password", in.Password, email); err != nil {
		return nil, err
	}
	name, err := normalizeName("name", in.Name)
	if err != nil {
		return nil, err
	}
	if s.hasher.Saturated() { // refuse a flood before any database work
		return nil, errBusy()
	}
	now := s.clock()
	var hash string
	hashIt := func() (verdict, error) {
		var err error
		if hash, err = s.hasher.Hash(ctx, in.Password); err != nil {
			err = hashFailed("sign up", err)
			if isBusy(err) { // refused unseen: give the sign-up back
				return unchecked, err
			}
			return used, err
		}
		return used, nil
	}
	if meta.IP != "" {
		_, err = s.guards().signupAddr.attempt(ctx, meta.IP, now, hashIt)
	} else {
		_, err = hashIt()
	}
	if err != nil {
		return nil, err
	}
	id, err := newID(s.rand, "u_")
	if err != nil {
		return nil, fmt.Errorf("sign up: %w", err)
	}
	u := &User{ID: id, Email: email, Name: name, PasswordHash: hash, CreatedAt: now, Role: role}
	u.Email2FA = s.cfg().EmailCodesForNewAccounts()
	if _, ok := i18n.Lookup(in.Language); ok {
		u.Language = in.Language
	}
	err = s.atomically(ctx, func(st Store) error {
		if err := s.checkNotHeld(ctx, st, email, ""); err != nil {
			return err
		}
		if err := st.CreateUser(ctx, u); err != nil {
			if errors.Is(err, ErrConflict) {
				return errorf(CodeEmailTaken, "an account with this email already exists; log in instead").about("email")
			}
			return fmt.Errorf("sign up: %w", err)
		}
		return s.record(ctx, st, u.ID, EventSignUp, meta, detail)
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

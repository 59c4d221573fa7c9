package core

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// knownDevice returns the live known device named by token, or nil when the
// token is empty, unknown, or idle longer than KnownDeviceTTL.
func (s *Service) knownDevice(ctx context.Context, token string, now time.Time) (*KnownDevice, error) {
	if token == "" || len(token) > maxTokenLen {
		return nil, nil
	}
	d, err := s.store.KnownDeviceByHash(ctx, hashToken(token))
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("find known device: %w", err)
	}
	if !now.Before(d.LastUsed.Add(s.cfg().KnownDeviceTTL)) {
		return nil, nil
	}
	return d, nil
}

// knownDeviceFor returns the known device named by token when it is one of
// the account whose address email is, and nil otherwise: a device known to
// one account is a stranger to every other.
func (s *Service) knownDeviceFor(ctx context.Context, token, email string, now time.Time) (*KnownDevice, error) {
	d, err := s.knownDevice(ctx, token, now)
	if err != nil || d == nil {
		return nil, err
	}
	u, err := s.store.UserByID(ctx, d.UserID)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("find known device's account: %w", err)
	}
	if u.Email != foldEmail(email) {
		return nil, nil
	}
	return d, nil
}

// maxTokenLen bounds a token a client sends before it is hashed and looked
// up; real ones are 43 characters.
const maxTokenLen = 128

// rememberKnown makes the client that just completed a login of u a known
// device of u, in st. deviceID names the known device the login came from
// ("" for none): it is kept and its last use updated, and the returned
// token is "" (the client keeps the one it has). Otherwise a new device is
// made and its token returned, for the client to keep and send with its
// next logins.
func (s *Service) rememberKnown(ctx context.Context, st Store, u *User, deviceID string, now time.Time) (id, token string, err error) {
	if deviceID != "" {
		err := st.TouchKnownDevice(ctx, deviceID, now)
		if err == nil {
			return deviceID, "", nil
		}
		if !errors.Is(err, ErrNotFound) { // gone meanwhile: make a new one
			return "", "", fmt.Errorf("touch known device: %w", err)
		}
	}
	token, err = newToken(s.rand)
	if err != nil {
		return "", "", err
	}
	id, err = newID(s.rand, "k_")
	if err != nil {
		return "", "", err
	}
	d := &KnownDevice{ID: id, TokenHash: hashToken(token), UserID: u.ID, CreatedAt: now, LastUsed: now}
	if err := st.CreateKnownDevice(ctx, d); err != nil {
		return "", "", fmt.Errorf("create known device: %w", err)
	}
	return id, token, nil
}

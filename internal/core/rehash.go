package core

import "context"

// rehash stores password, which has just been verified against u's stored
// hash, hashed again with the Hasher's parameters when the stored hash was
// made with others (an earlier --argon2 setting). The password is the same,
// so PasswordChangedAt, sessions and the audit trail are left alone. The
// hash is replaced only if it is still the one verified: a password change
// meanwhile wins. Failing is logged and costs the login nothing.
func (s *Service) rehash(ctx context.Context, u *User, password string) {
	if !s.hasher.NeedsRehash(u.PasswordHash) {
		return
	}
	hash, err := s.hasher.Hash(ctx, password)
	if err != nil {
		s.log.Warn("password not rehashed", "user", u.ID, "err", err)
		return
	}
	replaced, err := s.store.ReplacePasswordHash(ctx, u.ID, u.PasswordHash, hash)
	switch {
	case err != nil:
		s.log.Warn("password not rehashed", "user", u.ID, "err", err)
	case !replaced:
		s.log.Info("password not rehashed: it changed meanwhile", "user", u.ID)
	default:
		u.PasswordHash = hash
		s.log.Info("password rehashed with the configured argon2id parameters", "user", u.ID)
	}
}

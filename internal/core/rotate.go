package core

import (
	"context"
	"errors"
	"fmt"

	"github.com/twofa-dev/twofa/internal/secret"
)

// ResealAll re-encrypts every sealed value in the store (TOTP secrets,
// active and pending, the bodies of queued mail, the private keys that sign
// OIDC ID tokens, the key that encrypts apps' access tokens, and the server
// HMAC key)
// that is not yet under the first key of keys, in one transaction. It is
// the data half of key rotation, and safe to run again; it returns how
// many TOTP secrets it rewrote. (Email codes kept sealed for a resend are
// left as they are: they live minutes, and one the keys can no longer
// open is replaced by a new code.)
func ResealAll(ctx context.Context, st Store, keys *secret.Keyring) (int, error) {
	var n int
	err := st.InTx(ctx, func(tx Store) error {
		var err error
		n, err = resealAll(ctx, tx, keys)
		return err
	})
	return n, err
}

func resealAll(ctx context.Context, st Store, keys *secret.Keyring) (int, error) {
	n := 0
	_, err := st.ResealSecrets(ctx, func(userID string, sealed []byte) ([]byte, error) {
		if keys.SealedWithCurrent(sealed) {
			return sealed, nil
		}
		n++
		return keys.Reseal(sealed, []byte(userID))
	})
	if err != nil {
		return 0, fmt.Errorf("re-encrypt TOTP secrets: %w", err)
	}
	_, err = st.ResealMail(ctx, resealUnder(keys, outboxAD))
	if err != nil {
		return n, fmt.Errorf("re-encrypt queued mail: %w", err)
	}
	_, err = st.ResealOIDCSigningKeys(ctx, resealUnder(keys, oidcKeyAD))
	if err != nil {
		return n, fmt.Errorf("re-encrypt the OIDC signing keys: %w", err)
	}
	for _, name := range []string{MACKeySetting, OIDCTokenKeySetting} {
		if err := resealSetting(ctx, st, keys, name); err != nil {
			return n, err
		}
	}
	return n, nil
}

// resealSetting re-encrypts a sealed server-wide setting (sealed with its
// name as additional data), if it exists and is not under the current key.
func resealSetting(ctx context.Context, st Store, keys *secret.Keyring, name string) error {
	sealed, err := st.Setting(ctx, name)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read the setting %s: %w", name, err)
	}
	if keys.SealedWithCurrent(sealed) {
		return nil
	}
	resealed, err := keys.Reseal(sealed, []byte(name))
	if err != nil {
		return fmt.Errorf("re-encrypt the setting %s: %w", name, err)
	}
	if err := st.ReplaceSetting(ctx, name, resealed); err != nil {
		return fmt.Errorf("store the setting %s: %w", name, err)
	}
	return nil
}

// resealUnder returns the function that ResealMail and its kind call for
// each value sealed with ad(id) as additional data: it re-encrypts the value
// under the current key, and leaves one already under it as it is.
func resealUnder(keys *secret.Keyring, ad func(id string) []byte) func(id string, sealed []byte) ([]byte, error) {
	return func(id string, sealed []byte) ([]byte, error) {
		if keys.SealedWithCurrent(sealed) {
			return sealed, nil
		}
		return keys.Reseal(sealed, ad(id))
	}
}

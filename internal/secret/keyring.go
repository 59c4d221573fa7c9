package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
)

// KeySize is the length of every key: AES-256.
const KeySize = 32

const (
	version    = 1
	idSize     = 4
	nonceSize  = 12
	tagSize    = 16
	headerSize = 1 + idSize
	overhead   = headerSize + nonceSize + tagSize
)

var (
	// ErrUnknownKey reports a value sealed under a key the keyring does
	// not hold (even after re-reading its key file).
	ErrUnknownKey = errors.New("secret: value sealed under an unknown key")
	// ErrInvalid reports a value that is malformed, was tampered with, or
	// is opened with other additional data than it was sealed with.
	ErrInvalid = errors.New("secret: sealed value is malformed, altered or bound to other data")
)

// keyID identifies a key in sealed values.
type keyID [idSize]byte

// idOf returns the id of key: the first bytes of its SHA-256.
func idOf(key []byte) keyID {
	sum := sha256.Sum256(key)
	return keyID(sum[:idSize])
}

// ring is an immutable set of keys; a Keyring swaps whole rings on reload.
type ring struct {
	current keyID
	aeads   map[keyID]cipher.AEAD
	// stamp is the version of the key file the ring was read from (zero
	// for keys given directly).
	stamp fileStamp
}

// newRing builds a ring from keys, the first of which seals.
func newRing(keys [][]byte) (*ring, error) {
	if len(keys) == 0 {
		return nil, errors.New("secret: no keys")
	}
	r := &ring{aeads: make(map[keyID]cipher.AEAD, len(keys))}
	for i, key := range keys {
		if len(key) != KeySize {
			return nil, fmt.Errorf("secret: key %d is %d bytes, want %d", i+1, len(key), KeySize)
		}
		id := idOf(key)
		if _, dup := r.aeads[id]; dup {
			return nil, fmt.Errorf("secret: key %d repeats an earlier key", i+1)
		}
		block, err := aes.NewCipher(key)
		if err != nil {
			return nil, fmt.Errorf("secret: key %d: %w", i+1, err)
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, fmt.Errorf("secret: key %d: %w", i+1, err)
		}
		r.aeads[id] = aead
		if i == 0 {
			r.current = id
		}
	}
	return r, nil
}

// Keyring seals values under its first key and opens values sealed under
// any of its keys. It is safe for concurrent use.
type Keyring struct {
	rand io.Reader
	ring atomic.Pointer[ring]
	// path is the key file to re-read on meeting an unknown key id, or ""
	// when the keys were given directly.
	path     string
	reloadMu sync.Mutex
}

// NewKeyring returns a keyring of keys, each exactly KeySize bytes; the
// first seals. Nonces are read from rand.
func NewKeyring(rand io.Reader, keys ...[]byte) (*Keyring, error) {
	r, err := newRing(keys)
	if err != nil {
		return nil, err
	}
	k := &Keyring{rand: rand}
	k.ring.Store(r)
	return k, nil
}

// Seal encrypts plaintext under the first key, binding it to
// additionalData, which Open must be given again.
//
// A keyring loaded from a file first checks whether the file changed (a
// stat, no read) and re-reads it if so, so that after "twofa rotate-key" a
// running instance seals under the new key at once: nothing new is sealed
// under a key about to be retired.
func (k *Keyring) Seal(plaintext, additionalData []byte) ([]byte, error) {
	k.refresh()
	r := k.ring.Load()
	out := make([]byte, headerSize+nonceSize, overhead+len(plaintext))
	out[0] = version
	copy(out[1:headerSize], r.current[:])
	nonce := out[headerSize:]
	if _, err := io.ReadFull(k.rand, nonce); err != nil {
		return nil, fmt.Errorf("secret: reading random nonce: %w", err)
	}
	return r.aeads[r.current].Seal(out, nonce, plaintext, authenticated(out[:headerSize], additionalData)), nil
}

// Open decrypts a value made by Seal with the same additionalData. A value
// sealed under a key the keyring lacks is ErrUnknownKey, after the key file,
// if the keyring was loaded from one, has been re-read once in case the key
// was rotated in by another instance. Anything else that does not open is
// ErrInvalid.
func (k *Keyring) Open(sealed, additionalData []byte) ([]byte, error) {
	if len(sealed) < overhead {
		return nil, fmt.Errorf("%w: %d bytes is too short", ErrInvalid, len(sealed))
	}
	if sealed[0] != version {
		return nil, fmt.Errorf("%w: unknown format version %d", ErrInvalid, sealed[0])
	}
	id := keyID(sealed[1:headerSize])
	aead, err := k.lookup(id)
	if err != nil {
		return nil, err
	}
	nonce := sealed[headerSize : headerSize+nonceSize]
	plaintext, err := aead.Open(nil, nonce, sealed[headerSize+nonceSize:], authenticated(sealed[:headerSize], additionalData))
	if err != nil {
		return nil, ErrInvalid
	}
	return plaintext, nil
}

// Reseal opens sealed with whichever key sealed it and seals the plaintext
// again under the first key, for migrating values after a rotation.
func (k *Keyring) Reseal(sealed, additionalData []byte) ([]byte, error) {
	plaintext, err := k.Open(sealed, additionalData)
	if err != nil {
		return nil, err
	}
	return k.Seal(plaintext, additionalData)
}

// SealedWithCurrent reports whether sealed names the key that Seal uses
// now, so it needs no Reseal. It checks only the header, not the contents.
func (k *Keyring) SealedWithCurrent(sealed []byte) bool {
	if len(sealed) < headerSize || sealed[0] != version {
		return false
	}
	return keyID(sealed[1:headerSize]) == k.ring.Load().current
}

// refresh re-reads the key file when it is not the version the ring came
// from. A file that cannot be read or parsed now (say, half edited by
// hand) leaves the ring as it is: the keys in memory still work.
func (k *Keyring) refresh() {
	if k.path == "" {
		return
	}
	st, err := os.Stat(k.path)
	if err != nil || stampOf(st) == k.ring.Load().stamp {
		return
	}
	k.reloadMu.Lock()
	defer k.reloadMu.Unlock()
	if r, err := readRing(k.path); err == nil {
		k.ring.Store(r)
	}
}

// lookup returns the AEAD for id, re-reading the key file once if the id is
// unknown.
func (k *Keyring) lookup(id keyID) (cipher.AEAD, error) {
	if aead, ok := k.ring.Load().aeads[id]; ok {
		return aead, nil
	}
	if k.path == "" {
		return nil, ErrUnknownKey
	}
	k.reloadMu.Lock()
	defer k.reloadMu.Unlock()
	// Another caller may have reloaded while this one waited.
	if aead, ok := k.ring.Load().aeads[id]; ok {
		return aead, nil
	}
	r, err := readRing(k.path)
	if err != nil {
		return nil, fmt.Errorf("%w (re-reading keys: %v)", ErrUnknownKey, err)
	}
	k.ring.Store(r)
	if aead, ok := r.aeads[id]; ok {
		return aead, nil
	}
	return nil, ErrUnknownKey
}

// authenticated returns the data GCM authenticates besides the ciphertext:
// the fixed-size header followed by the caller's additional data.
func authenticated(header, additionalData []byte) []byte {
	ad := make([]byte, 0, len(header)+len(additionalData))
	return append(append(ad, header...), additionalData...)
}

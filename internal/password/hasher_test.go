package password_test

import (
	"context"
	"crypto/rand"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/twofa-dev/twofa/internal/benchcpu"
	"github.com/twofa-dev/twofa/internal/password"
)

// cheap keeps tests fast; the format and code paths are the same as OWASP.
var cheap = password.Params{Memory: 64, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32}

func TestHashVerifyOWASP(t *testing.T) {
	ctx := context.Background()
	h := password.NewHasher(password.OWASP, 0, rand.Reader)
	phc, err := h.Hash(ctx, "correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	format := regexp.MustCompile(`^\$argon2id\$v=19\$m=19456,t=2,p=1\$([A-Za-z0-9+/]{22})\$([A-Za-z0-9+/]{43})$`)
	if !format.MatchString(phc) {
		t.Fatalf("PHC string %q does not have the expected format", phc)
	}
	ok, err := h.Verify(ctx, phc, "correct horse battery staple")
	if err != nil || !ok {
		t.Fatalf("right password: ok %v err %v", ok, err)
	}
	ok, err = h.Verify(ctx, phc, "correct horse battery stapl")
	if err != nil || ok {
		t.Fatalf("wrong password: ok %v err %v", ok, err)
	}
	if h.NeedsRehash(phc) {
		t.Error("fresh OWASP hash needs rehash")
	}
}

func TestHashSaltsDiffer(t *testing.T) {
	ctx := context.Background()
	h := password.NewHasher(cheap, 0, rand.Reader)
	a, err := h.Hash(ctx, "same")
	if err != nil {
		t.Fatal(err)
	}
	b, err := h.Hash(ctx, "same")
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Error("two hashes of one password are identical")
	}
}

func TestVerifyWrongPasswords(t *testing.T) {
	ctx := context.Background()
	h := password.NewHasher(cheap, 0, rand.Reader)
	phc, err := h.Hash(ctx, "Pässwörd 1")
	if err != nil {
		t.Fatal(err)
	}
	for _, pw := range []string{"", "Pässwörd 1 ", "pässwörd 1", "Pässwörd", "Pässwörd 2"} {
		if ok, err := h.Verify(ctx, phc, pw); ok || err != nil {
			t.Errorf("Verify(%q) = %v, %v", pw, ok, err)
		}
	}
	if ok, _ := h.Verify(ctx, phc, "Pässwörd 1"); !ok {
		t.Error("right password refused")
	}
}

func TestVerifyReadsParametersFromString(t *testing.T) {
	ctx := context.Background()
	old := password.NewHasher(password.Params{Memory: 32, Iterations: 3, Parallelism: 2, SaltLen: 8, KeyLen: 16}, 0, rand.Reader)
	phc, err := old.Hash(ctx, "hunter2")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(phc, "$argon2id$v=19$m=32,t=3,p=2$") {
		t.Fatalf("unexpected prefix in %q", phc)
	}
	current := password.NewHasher(password.OWASP, 0, rand.Reader)
	ok, err := current.Verify(ctx, phc, "hunter2")
	if err != nil || !ok {
		t.Fatalf("hash with other parameters: ok %v err %v", ok, err)
	}
	if !current.NeedsRehash(phc) {
		t.Error("hash with cheaper parameters does not need rehash")
	}
	if !current.NeedsRehash("garbage") {
		t.Error("malformed hash does not need rehash")
	}
}

func TestNeedsRehashEachParameter(t *testing.T) {
	ctx := context.Background()
	base := cheap
	h := password.NewHasher(base, 0, rand.Reader)
	for _, p := range []password.Params{
		{Memory: 128, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 32},
		{Memory: 64, Iterations: 2, Parallelism: 1, SaltLen: 16, KeyLen: 32},
		{Memory: 64, Iterations: 1, Parallelism: 2, SaltLen: 16, KeyLen: 32},
		{Memory: 64, Iterations: 1, Parallelism: 1, SaltLen: 32, KeyLen: 32},
		{Memory: 64, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 64},
	} {
		phc, err := password.NewHasher(p, 0, rand.Reader).Hash(ctx, "x")
		if err != nil {
			t.Fatal(err)
		}
		if !h.NeedsRehash(phc) {
			t.Errorf("%+v: no rehash needed under %+v", p, base)
		}
	}
}

func TestVerifyMalformed(t *testing.T) {
	ctx := context.Background()
	h := password.NewHasher(cheap, 0, rand.Reader)
	good, err := h.Hash(ctx, "pw")
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Split(good, "$")
	salt, key := f[4], f[5]
	join := func(parts ...string) string { return strings.Join(parts, "$") }
	for _, s := range []string{
		"",
		"pw",
		"$argon2id$",
		good + "$",
		"x" + good,
		join("", "argon2i", "v=19", "m=64,t=1,p=1", salt, key),
		join("", "argon2d", "v=19", "m=64,t=1,p=1", salt, key),
		join("", "ARGON2ID", "v=19", "m=64,t=1,p=1", salt, key),
		join("", "argon2id", "v=16", "m=64,t=1,p=1", salt, key),
		join("", "argon2id", "m=64,t=1,p=1", salt, key),
		join("", "argon2id", "v=19", "t=1,m=64,p=1", salt, key),
		join("", "argon2id", "v=19", "m=64,t=1", salt, key),
		join("", "argon2id", "v=19", "m=64,t=1,p=1,x=2", salt, key),
		join("", "argon2id", "v=19", "m=064,t=1,p=1", salt, key),
		join("", "argon2id", "v=19", "m=+64,t=1,p=1", salt, key),
		join("", "argon2id", "v=19", "m=-64,t=1,p=1", salt, key),
		join("", "argon2id", "v=19", "m=,t=1,p=1", salt, key),
		join("", "argon2id", "v=19", "m=64,t=0,p=1", salt, key),
		join("", "argon2id", "v=19", "m=64,t=1,p=0", salt, key),
		join("", "argon2id", "v=19", "m=64,t=1,p=256", salt, key),
		join("", "argon2id", "v=19", "m=7,t=1,p=1", salt, key),
		join("", "argon2id", "v=19", "m=99999999999,t=1,p=1", salt, key),
		join("", "argon2id", "v=19", "m=4294967295,t=1,p=1", salt, key),
		join("", "argon2id", "v=19", "m=64,t=1000000,p=1", salt, key),
		join("", "argon2id", "v=19", "m=64,t=1,p=1", salt+"==", key),
		join("", "argon2id", "v=19", "m=64,t=1,p=1", salt, key+"="),
		join("", "argon2id", "v=19", "m=64,t=1,p=1", salt, "not base64!"),
		join("", "argon2id", "v=19", "m=64,t=1,p=1", "", key),
		join("", "argon2id", "v=19", "m=64,t=1,p=1", salt, ""),
		join("", "argon2id", "v=19", "m=64,t=1,p=1", salt, key[:10]),
	} {
		ok, err := h.Verify(ctx, s, "pw")
		if err == nil || ok {
			t.Errorf("Verify(%q) = %v, %v; want an error", s, ok, err)
		} else if !errors.Is(err, password.ErrMalformedHash) {
			t.Errorf("Verify(%q): error %v does not wrap ErrMalformedHash", s, err)
		}
	}
	if ok, err := h.Verify(ctx, good, "pw"); !ok || err != nil {
		t.Fatalf("the well-formed original: %v %v", ok, err)
	}
}

func TestHashInvalidParams(t *testing.T) {
	for _, p := range []password.Params{
		{},
		{Memory: 64, Iterations: 1, Parallelism: 1, SaltLen: 4, KeyLen: 32},
		{Memory: 64, Iterations: 1, Parallelism: 1, SaltLen: 16, KeyLen: 4},
		{Memory: 64, Iterations: 0, Parallelism: 1, SaltLen: 16, KeyLen: 32},
	} {
		if _, err := password.NewHasher(p, 1, rand.Reader).Hash(context.Background(), "pw"); err == nil {
			t.Errorf("%+v: no error", p)
		}
	}
}

func TestHashRandomFailure(t *testing.T) {
	h := password.NewHasher(cheap, 1, strings.NewReader("short"))
	if _, err := h.Hash(context.Background(), "pw"); err == nil {
		t.Error("no error when the random source runs dry")
	}
}

func TestVerifyDummy(t *testing.T) {
	h := password.NewHasher(cheap, 1, rand.Reader)
	h.VerifyDummy(context.Background(), "anything") // must not panic or block
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	h.VerifyDummy(ctx, "anything")
}

// The benchmarks report cpu-ns/op beside ns/op: compare a hash with a whole
// login (internal/server's BenchmarkAPILoginTOTP) by their CPU time, measured
// in one run (see package benchcpu).

func BenchmarkHash(b *testing.B) {
	h := password.NewHasher(password.OWASP, 0, rand.Reader)
	ctx := context.Background()
	stop := benchcpu.Start(b)
	for b.Loop() {
		if _, err := h.Hash(ctx, "correct horse battery staple"); err != nil {
			b.Fatal(err)
		}
	}
	stop()
}

func BenchmarkHashParallel(b *testing.B) {
	h := password.NewHasher(password.OWASP, 0, rand.Reader)
	ctx := context.Background()
	stop := benchcpu.Start(b)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := h.Hash(ctx, "correct horse battery staple"); err != nil {
				b.Error(err)
				return
			}
		}
	})
	stop()
}

func BenchmarkVerifyDummy(b *testing.B) {
	h := password.NewHasher(password.OWASP, 0, rand.Reader)
	ctx := context.Background()
	stop := benchcpu.Start(b)
	for b.Loop() {
		h.VerifyDummy(ctx, "correct horse battery staple")
	}
	stop()
}

package totp_test

import (
	"crypto/rand"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/totp"
)

// TestCodeAtAgreesWithOathtool compares codes with the independent
// implementation in oath-toolkit for random secrets and many instants.
func TestCodeAtAgreesWithOathtool(t *testing.T) {
	oathtool := needTool(t, "oathtool", "oathtool")
	instants := []int64{0, 29, 30, 59, 1111111109, 1234567890, 1700000000, 2000000000, 4102444800}
	for i := 0; i < 4; i++ {
		secret, err := totp.NewSecret(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		for _, unix := range instants {
			out, err := exec.Command(oathtool, "--totp", "-b", secret, "-N", fmt.Sprintf("@%d", unix)).Output()
			if err != nil {
				t.Fatalf("oathtool: %v", err)
			}
			want := strings.TrimSpace(string(out))
			got, err := totp.CodeAt(secret, totp.Step(time.Unix(unix, 0)), totp.Default)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("secret %s at %d: CodeAt %s, oathtool %s", secret, unix, got, want)
			}
		}
	}
}

// TestCodeAtAgreesWithOathtoolSHA2 checks the non-default algorithms and
// lengths against oathtool as well.
func TestCodeAtAgreesWithOathtoolSHA2(t *testing.T) {
	oathtool := needTool(t, "oathtool", "oathtool")
	secret, err := totp.NewSecret(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	for _, alg := range []string{"SHA256", "SHA512"} {
		for _, digits := range []int{6, 7, 8} {
			unix := int64(1700000000)
			out, err := exec.Command(oathtool, "--totp="+strings.ToLower(alg), "-d", fmt.Sprint(digits),
				"-b", secret, "-N", fmt.Sprintf("@%d", unix)).Output()
			if err != nil {
				t.Fatalf("oathtool: %v", err)
			}
			want := strings.TrimSpace(string(out))
			got, err := totp.CodeAt(secret, totp.Step(time.Unix(unix, 0)), totp.Params{Algorithm: alg, Digits: digits, Period: 30})
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("%s/%d: CodeAt %s, oathtool %s", alg, digits, got, want)
			}
		}
	}
}

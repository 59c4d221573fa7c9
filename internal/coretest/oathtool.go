package coretest

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// OathtoolCode computes the TOTP code of secret for the instant at with
// oathtool (oath-toolkit), an implementation that shares no code with
// twofa's, as a phone whose clock shows at would. Without oathtool the
// test is skipped, or fails when CI=true.
func OathtoolCode(t testing.TB, secret string, at time.Time) string {
	t.Helper()
	path, err := exec.LookPath("oathtool")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("oathtool not found (install the Debian package oathtool): %v", err)
		}
		t.Skipf("oathtool not found, skipping (install the Debian package oathtool)")
	}
	out, err := exec.Command(path, "--totp", "-b", secret, "--now", fmt.Sprintf("@%d", at.Unix())).Output()
	if err != nil {
		t.Fatalf("oathtool: %v", err)
	}
	return strings.TrimSpace(string(out))
}

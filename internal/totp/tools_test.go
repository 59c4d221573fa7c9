package totp_test

import (
	"os"
	"os/exec"
	"testing"
)

// needTool returns the path of an external program the test compares
// against. It skips the test when the program is missing, unless CI=true, in
// which case the missing program is a failure.
func needTool(t *testing.T, name, debianPackage string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s not found (install the Debian package %s): %v", name, debianPackage, err)
		}
		t.Skipf("%s not found, skipping (install the Debian package %s)", name, debianPackage)
	}
	return path
}

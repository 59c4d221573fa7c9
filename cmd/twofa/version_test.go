package main

import (
	"encoding/json"
	"net/http"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionOf(t *testing.T) {
	checkout := func(settings ...string) *debug.BuildInfo {
		info := &debug.BuildInfo{Main: debug.Module{Path: "github.com/twofa-dev/twofa", Version: "(devel)"}}
		for i := 0; i+1 < len(settings); i += 2 {
			info.Settings = append(info.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
		}
		return info
	}
	for _, tc := range []struct {
		ldflags string
		info    *debug.BuildInfo
		want    string
	}{
		{"v1.2.3", checkout("vcs.revision", "abc1234def"), "v1.2.3"},
		{"", &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}}, "v1.4.0"},
		{"", checkout("vcs.revision", "abc1234def567", "vcs.modified", "false"), "devel+abc1234"},
		{"", checkout("vcs.revision", "abc1234def567", "vcs.modified", "true"), "devel+abc1234 (modified)"},
		{"", checkout(), "devel"},
		{"", nil, "devel"},
	} {
		if got := versionOf(tc.ldflags, tc.info); got != tc.want {
			t.Errorf("versionOf(%q, %v) = %q, want %q", tc.ldflags, tc.info, got, tc.want)
		}
	}
}

// healthzVersion is the version GET /healthz reports.
func healthzVersion(t *testing.T, base string) string {
	t.Helper()
	resp, err := http.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct{ Version string }
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	return body.Version
}

// TestBuildVersion: a binary built with -ldflags "-X main.version=..."
// reports that version in twofa version, its start line and /healthz;
// one built without reports what the Go toolchain stamped into it.
func TestBuildVersion(t *testing.T) {
	dir := t.TempDir()
	tagged := filepath.Join(dir, "twofa-tagged")
	if out, err := exec.Command("go", "build", "-ldflags", "-X main.version=v9.8.7-test", "-o", tagged, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	plain := twofaBinary(t)
	info := stampedInfo(t, plain)
	for _, tc := range []struct{ bin, want string }{
		{tagged, "v9.8.7-test"},
		{plain, versionOf("", info)},
	} {
		out, err := exec.Command(tc.bin, "version").Output()
		if err != nil || string(out) != "twofa "+tc.want+"\n" {
			t.Errorf("%s version: %q %v, want %q", tc.bin, out, err, "twofa "+tc.want)
		}
		p := startProcess(t, tc.bin, []string{"serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "twofa.db")})
		if got := healthzVersion(t, p.url); got != tc.want {
			t.Errorf("%s: /healthz version %q, want %q", tc.bin, got, tc.want)
		}
	}
}

// stampedInfo reads the build information of bin with go version -m.
func stampedInfo(t *testing.T, bin string) *debug.BuildInfo {
	t.Helper()
	out, err := exec.Command("go", "version", "-m", bin).Output()
	if err != nil {
		t.Fatal(err)
	}
	first, rest, _ := strings.Cut(string(out), "\n")
	_, goVersion, _ := strings.Cut(first, ": ")
	text := "go\t" + goVersion + "\n" + strings.ReplaceAll(strings.TrimPrefix(rest, "\t"), "\n\t", "\n")
	info, err := debug.ParseBuildInfo(text)
	if err != nil {
		t.Fatalf("go version -m %s: %v\n%s", bin, err, out)
	}
	return info
}

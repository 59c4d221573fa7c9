package main

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// deployDir is the repository's deploy/ folder.
const deployDir = "../../deploy"

// unitLines reads a systemd unit into its key=value settings, in order.
func unitLines(t *testing.T, path string) [][2]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var kv [][2]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "[") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			t.Fatalf("%s: not a key=value line: %q", path, line)
		}
		kv = append(kv, [2]string{k, v})
	}
	return kv
}

var (
	flagRe = regexp.MustCompile(`(?:^|\s)--([a-z0-9][a-z0-9-]*)`)
	varRe  = regexp.MustCompile(`\bTWOFA_[A-Z0-9_]+`)
)

// TestSystemdUnit: deploy/twofa.service runs "twofa serve" with real
// flags only, names only real TWOFA_* variables (in its settings and its
// comments), has the hardening the README promises, and passes
// systemd-analyze verify where that is installed.
func TestSystemdUnit(t *testing.T) {
	unit := filepath.Join(deployDir, "twofa.service")
	names := serveFlagNames()
	settings := map[string][]string{}
	for _, kv := range unitLines(t, unit) {
		settings[kv[0]] = append(settings[kv[0]], kv[1])
	}
	exec0 := settings["ExecStart"]
	if len(exec0) != 1 {
		t.Fatalf("ExecStart %q, want one", exec0)
	}
	fields := strings.Fields(exec0[0])
	if len(fields) < 2 || filepath.Base(fields[0]) != "twofa" || fields[1] != "serve" {
		t.Fatalf("ExecStart %q does not run twofa serve", exec0[0])
	}
	for _, f := range fields[2:] {
		if name, ok := strings.CutPrefix(f, "--"); ok {
			name, _, _ = strings.Cut(name, "=")
			if !names[name] {
				t.Errorf("ExecStart passes --%s, which twofa serve does not have", name)
			}
		}
	}
	text := string(mustRead(t, unit))
	for _, m := range flagRe.FindAllStringSubmatch(text, -1) {
		if !names[m[1]] {
			t.Errorf("the unit names --%s, which twofa serve does not have", m[1])
		}
	}
	known := map[string]bool{"TWOFA_CONFIG": true}
	for name := range names {
		known[envName(name)] = true
	}
	for _, v := range varRe.FindAllString(text, -1) {
		if !known[v] {
			t.Errorf("the unit names %s, which twofa does not read", v)
		}
	}
	for _, want := range [][2]string{
		{"NoNewPrivileges", "yes"}, {"ProtectSystem", "strict"}, {"ProtectHome", "yes"}, {"PrivateTmp", "yes"},
		{"StateDirectory", "twofa"}, {"EnvironmentFile", "-/etc/twofa/env"}, {"User", "twofa"}, {"UMask", "0077"},
	} {
		if got := settings[want[0]]; len(got) != 1 || got[0] != want[1] {
			t.Errorf("%s=%q, want %s", want[0], got, want[1])
		}
	}

	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze is not installed")
	}
	// Verified with the binary of this test run in place of /usr/local/bin.
	copied := filepath.Join(t.TempDir(), "twofa.service")
	if err := os.WriteFile(copied, []byte(strings.Replace(text, fields[0], twofaBinary(t), 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(analyze, "verify", copied).CombinedOutput(); err != nil || len(out) > 0 {
		t.Fatalf("systemd-analyze verify: %v\n%s", err, out)
	}
}

// TestDeployConfig: deploy/twofa.toml, with its commented settings
// uncommented too, is a configuration twofa serve accepts.
func TestDeployConfig(t *testing.T) {
	f, err := os.Open(filepath.Join(deployDir, "twofa.toml"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	raw, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	setting := regexp.MustCompile(`(?m)^# ([a-z0-9-]+ = )`)
	if len(setting.FindAll(raw, -1)) == 0 {
		t.Fatal("no commented settings found; the test reads them as '# key = value'")
	}
	path := writeConfig(t, "twofa.toml", setting.ReplaceAllString(string(raw), "$1"))
	// The database's directory does not exist here: the environment wins.
	c, err := parseServe([]string{"--config", path}, map[string]string{"TWOFA_DB": filepath.Join(t.TempDir(), "twofa.db")})
	if err != nil {
		t.Fatalf("twofa serve refuses deploy/twofa.toml: %v", err)
	}
	if c.TLSCert == "" || c.BaseURL == "" {
		t.Errorf("the file's settings were not read: %+v", c)
	}
	for _, v := range varRe.FindAllString(string(raw), -1) {
		if !serveFlagNames()[strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(v, "TWOFA_"), "_", "-"))] {
			t.Errorf("deploy/twofa.toml names %s, which twofa does not read", v)
		}
	}
}

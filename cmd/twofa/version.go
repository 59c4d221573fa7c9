package main

import (
	"runtime/debug"
	"sync"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3";
// without it, buildVersion reads the version from the build information.
var version string

// buildVersion is the version twofa reports (twofa version, /healthz, the
// start line): -ldflags' main.version when set, else the one the Go
// toolchain stamped into the binary.
var buildVersion = sync.OnceValue(func() string {
	info, _ := debug.ReadBuildInfo()
	return versionOf(version, info)
})

// versionOf is the version of a build: ldflags when set; else the module
// version, as "go install github.com/twofa-dev/twofa/cmd/twofa@v1.2.3"
// records it; else, for a build from a checkout, "devel+" and the first 7
// characters of the commit, with " (modified)" when the checkout had
// uncommitted changes; else "devel".
func versionOf(ldflags string, info *debug.BuildInfo) string {
	if ldflags != "" {
		return ldflags
	}
	if info == nil {
		return "devel"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev string
	modified := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev == "" {
		return "devel"
	}
	v := "devel+" + rev[:min(len(rev), 7)]
	if modified {
		v += " (modified)"
	}
	return v
}

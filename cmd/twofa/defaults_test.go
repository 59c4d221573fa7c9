package main

import (
	"io"
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
)

// TestServeDefaultsAreCoreDefaults: twofa serve without flags or TWOFA_*
// variables runs core with DefaultConfig, whose security figures
// core's TestDefaultConfigSecurityFigures pins.
func TestServeDefaultsAreCoreDefaults(t *testing.T) {
	var c config
	fs := newFlagSet("serve", &c, io.Discard)
	addServeFlags(fs, &c)
	if err := parseFlags(fs, nil, func(string) string { return "" }); err != nil {
		t.Fatal(err)
	}
	if d := core.DefaultConfig(); c.Core != d {
		t.Errorf("twofa serve without flags runs with\n%+v\nwant core.DefaultConfig()\n%+v", c.Core, d)
	}
}

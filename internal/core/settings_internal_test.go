package core

import (
	"log/slog"
	"testing"
)

// TestInstallKeepsNewest: stored settings read by a slow reload after a
// newer change never replace it; a newer version does.
func TestInstallKeepsNewest(t *testing.T) {
	s := &Service{base: DefaultConfig(), log: slog.New(slog.DiscardHandler), running: &running{}}
	s.settings.Store(&snapshot{cfg: s.base})
	v2 := []byte(`{"version":2,"values":{"totpSkew":{"value":2,"by":"a","at":"2026-11-26T12:00:00Z"}}}`)
	v1 := []byte(`{"version":1,"values":{"totpSkew":{"value":0,"by":"a","at":"2026-11-26T11:00:00Z"}}}`)
	v3 := []byte(`{"version":3,"values":{"totpSkew":{"value":0,"by":"a","at":"2026-11-26T13:00:00Z"},"gone":{"value":1}}}`)
	for _, step := range []struct {
		raw  []byte
		skew int
	}{{v2, 2}, {v1, 2}, {v3, 0}, {v2, 0}} {
		if err := s.install(step.raw); err != nil {
			t.Fatal(err)
		}
		if got := s.cfg().TOTPSkew; got != step.skew {
			t.Fatalf("after installing %s: skew %d, want %d", step.raw, got, step.skew)
		}
	}
	if err := s.install([]byte(`{"version":`)); err == nil {
		t.Error("unreadable stored settings were installed")
	}
}

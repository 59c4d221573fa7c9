package storetest

import (
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// checkEvent compares every field of got with want.
func checkEvent(t *testing.T, got, want *core.Event) {
	t.Helper()
	same(t, "ID", got.ID, want.ID)
	same(t, "UserID", got.UserID, want.UserID)
	same(t, "Type", got.Type, want.Type)
	sameTime(t, "At", got.At, want.At)
	same(t, "IP", got.IP, want.IP)
	same(t, "UserAgent", got.UserAgent, want.UserAgent)
	same(t, "Detail", got.Detail, want.Detail)
}

// checkEvents compares a list of events with want, in order.
func checkEvents(t *testing.T, got []core.Event, want ...*core.Event) {
	t.Helper()
	if len(got) != len(want) {
		types := make([]string, len(got))
		for i := range got {
			types[i] = got[i].Type
		}
		t.Errorf("events = %v, want %d of them", types, len(want))
		return
	}
	for i := range got {
		checkEvent(t, &got[i], want[i])
	}
}

func testEvents(t *testing.T, s core.Store) {
	ctx := t.Context()
	add := func(userID, typ string, when time.Time) *core.Event {
		t.Helper()
		e := &core.Event{UserID: userID, Type: typ, At: when, IP: "192.0.2.4",
			UserAgent: "curl/8", Detail: "detail of " + typ}
		wantOK(t, "AddEvent", s.AddEvent(ctx, e))
		if e.ID == 0 {
			t.Errorf("AddEvent left ID 0")
		}
		return e
	}
	list := func(userID string, limit int) []core.Event {
		t.Helper()
		l, err := s.Events(ctx, userID, limit)
		wantOK(t, "Events", err)
		return l
	}

	var mine []*core.Event
	for i, typ := range []string{"signup", "login", "totp.enabled", "login.failed", "password.changed"} {
		mine = append(mine, add("a", typ, at(time.Duration(i)*time.Minute)))
		if i == 2 {
			add("b", "login", at(time.Hour)) // another account's, newer
			add("", "login.unknown", at(time.Hour))
		}
	}
	ids := map[int64]bool{}
	for _, e := range mine {
		if ids[e.ID] {
			t.Errorf("AddEvent gave ID %d twice", e.ID)
		}
		ids[e.ID] = true
	}

	checkEvents(t, list("a", 3), mine[4], mine[3], mine[2])
	checkEvents(t, list("a", 100), mine[4], mine[3], mine[2], mine[1], mine[0])
	if l := list("b", 100); len(l) != 1 || l[0].Type != "login" {
		t.Errorf("events of b = %v, want its one login", l)
	}
	checkEvents(t, list("nobody", 100))

	// Events at the same instant come newest-added first.
	e1 := add("a", "same.1", at(time.Hour))
	e2 := add("a", "same.2", at(time.Hour))
	checkEvents(t, list("a", 2), e2, e1)
}

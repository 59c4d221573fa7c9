package storetest

import (
	"fmt"
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
		l, err := s.Events(ctx, userID, core.EventCursor{}, limit)
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

func testEventPages(t *testing.T, s core.Store) {
	ctx := t.Context()
	var all []*core.Event
	for i := range 7 {
		// Two at each instant, so the cursor must use the id too.
		e := &core.Event{UserID: "a", Type: fmt.Sprintf("t%d", i), At: at(time.Duration(i/2) * time.Minute)}
		wantOK(t, "AddEvent", s.AddEvent(ctx, e))
		all = append(all, e)
		wantOK(t, "AddEvent of b", s.AddEvent(ctx, &core.Event{UserID: "b", Type: "x", At: e.At}))
	}
	var got []*core.Event
	cur := core.EventCursor{}
	for range 10 {
		page, err := s.Events(ctx, "a", cur, 3)
		wantOK(t, "Events", err)
		if len(page) == 0 {
			break
		}
		for i := range page {
			got = append(got, &page[i])
		}
		cur = page[len(page)-1].Cursor()
	}
	if len(got) != len(all) {
		t.Fatalf("paging by 3 gave %d events, want %d", len(got), len(all))
	}
	for i := range got {
		checkEvent(t, got[i], all[len(all)-1-i])
	}
}

func testEventRun(t *testing.T, s core.Store) {
	ctx := t.Context()
	add := func(userID, typ, ip string, minute int) *core.Event {
		t.Helper()
		e := &core.Event{UserID: userID, Type: typ, At: at(time.Duration(minute) * time.Minute), IP: ip}
		wantOK(t, "AddEvent", s.AddEvent(ctx, e))
		return e
	}
	fails := []string{"f1", "f2"}
	add("a", "f1", "192.0.2.1", 0)
	stop := add("a", "other", "192.0.2.1", 1)
	first := add("a", "f1", "192.0.2.2", 2)
	add("a", "f2", "192.0.2.3", 3)
	add("b", "other", "192.0.2.9", 4) // another account's: no boundary
	add("a", "f1", "192.0.2.2", 5)
	last := add("a", "f1", "192.0.2.3", 6)
	add("a", "other", "192.0.2.1", 7) // newer than the run: not in it

	run, err := s.EventRun(ctx, "a", fails, last.Cursor())
	wantOK(t, "EventRun", err)
	same(t, "f1 count", run.Counts["f1"], 3)
	same(t, "f2 count", run.Counts["f2"], 1)
	same(t, "types", len(run.Counts), 2)
	same(t, "Addresses", run.Addresses, 2)
	checkEvent(t, &run.First, first)
	checkEvent(t, &run.Last, last)

	// A run reaching the oldest event has no boundary.
	run, err = s.EventRun(ctx, "a", []string{"f1", "other"}, stop.Cursor())
	wantOK(t, "EventRun to the start", err)
	same(t, "count to the start", run.Counts["f1"]+run.Counts["other"], 2)

	_, err = s.EventRun(ctx, "a", fails, stop.Cursor())
	wantErr(t, "EventRun from an event of another type", err, core.ErrNotFound)
	_, err = s.EventRun(ctx, "b", fails, last.Cursor())
	wantErr(t, "EventRun from another account's event", err, core.ErrNotFound)
}

func testDeleteEventsBefore(t *testing.T, s core.Store) {
	ctx := t.Context()
	for i, userID := range []string{"a", "", "a", "b"} {
		e := &core.Event{UserID: userID, Type: "t", At: at(time.Duration(i) * time.Hour)}
		wantOK(t, "AddEvent", s.AddEvent(ctx, e))
	}
	n, err := s.DeleteEventsBefore(ctx, at(2*time.Hour))
	wantInt(t, "DeleteEventsBefore", n, err, 2)
	left, err := s.Events(ctx, "a", core.EventCursor{}, 10)
	wantOK(t, "Events", err)
	if len(left) != 1 || !left[0].At.Equal(at(2*time.Hour)) {
		t.Errorf("events of a left = %v, want the one at 2h (not before)", left)
	}
	left, err = s.Events(ctx, "b", core.EventCursor{}, 10)
	wantOK(t, "Events", err)
	same(t, "events of b left", len(left), 1)
}

package core_test

import (
	"context"
	"errors"
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
)

// eventFailStore fails every AddEvent made inside a transaction once
// armed, as a crash between a change and its record would.
type eventFailStore struct {
	core.Store
	armed *bool
}

func (s eventFailStore) InTx(ctx context.Context, fn func(core.Store) error) error {
	return s.Store.InTx(ctx, func(tx core.Store) error { return fn(eventFailTx{tx, s.armed}) })
}

type eventFailTx struct {
	core.Store
	armed *bool
}

func (t eventFailTx) InTx(ctx context.Context, fn func(core.Store) error) error { return fn(t) }

func (t eventFailTx) AddEvent(ctx context.Context, e *core.Event) error {
	if *t.armed {
		return errInjected
	}
	return t.Store.AddEvent(ctx, e)
}

// TestLanguageChangeRecorded: a change of language is a language-changed
// event with the new code ("" for the browser's language) and the
// client's address; choosing the same language again, or an unsupported
// one, records nothing.
func TestLanguageChangeRecorded(t *testing.T) {
	r := newRig(t)
	r.signUp("lang@example.com")
	p := r.session("lang@example.com")
	ctx := context.Background()
	newest := func() core.EventEntry {
		t.Helper()
		page, err := r.Svc.Events(ctx, p, "", 1)
		if err != nil || len(page.Entries) == 0 {
			t.Fatalf("events: %v %v", page, err)
		}
		return page.Entries[0]
	}
	if err := r.Svc.SetLanguage(ctx, p, "de", r.meta); err != nil {
		t.Fatal(err)
	}
	e := newest()
	if e.Type != core.EventLanguageChanged || e.Detail != "de" || e.IP != r.meta.IP || e.UserAgent != r.meta.UserAgent {
		t.Fatalf("newest event %+v, want language-changed to de from %v", e.Event, r.meta)
	}
	if err := r.Svc.SetLanguage(ctx, p, "de", r.meta); err != nil {
		t.Fatal(err)
	}
	if err := r.Svc.SetLanguage(ctx, p, "xx", r.meta); err == nil {
		t.Fatal("xx accepted")
	}
	if again := newest(); again.ID != e.ID {
		t.Fatalf("choosing the same or an unknown language recorded %+v", again.Event)
	}
	if err := r.Svc.SetLanguage(ctx, p, "", r.meta); err != nil {
		t.Fatal(err)
	}
	if e := newest(); e.Type != core.EventLanguageChanged || e.Detail != "" {
		t.Fatalf("newest event %+v, want language-changed to the browser's", e.Event)
	}
}

// TestLanguageChangeWithItsRecord: when the event cannot be written, the
// language stays as it was: the change and its record are one write.
func TestLanguageChangeWithItsRecord(t *testing.T) {
	armed := false
	r := newRigWith(t, func(s core.Store) core.Store { return eventFailStore{s, &armed} })
	u := r.signUp("lang@example.com")
	p := r.session("lang@example.com")
	armed = true
	if err := r.Svc.SetLanguage(context.Background(), p, "ar", r.meta); !errors.Is(err, errInjected) {
		t.Fatalf("SetLanguage = %v, want the injected failure", err)
	}
	got, err := r.Store.UserByID(context.Background(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Language != "" || p.User.Language != "" {
		t.Fatalf("language %q (principal %q) after a failed record, want unchanged", got.Language, p.User.Language)
	}
}

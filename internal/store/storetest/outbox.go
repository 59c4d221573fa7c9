package storetest

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
)

// enqueue stores a message due at due, giving up at giveUp.
func enqueue(t *testing.T, s core.Store, id string, due, giveUp time.Time, keys ...string) *core.OutboxMessage {
	t.Helper()
	m := &core.OutboxMessage{
		ID: id, Kind: core.MailCode, To: id + "@example.com", Subject: "Subject " + id,
		Body: []byte("sealed\x00\xff" + id), CreatedAt: due, NextAttemptAt: due, GiveUpAt: giveUp,
		ChargedKeys: keys,
	}
	wantOK(t, "EnqueueMail("+id+")", s.EnqueueMail(t.Context(), m))
	return m
}

// claimIDs claims due messages and returns their ids in claim order.
func claimIDs(t *testing.T, s core.Store, claim string, now, until time.Time, limit int) []string {
	t.Helper()
	ms, err := s.ClaimMail(t.Context(), claim, now, until, limit)
	wantOK(t, "ClaimMail("+claim+")", err)
	var ids []string
	for _, m := range ms {
		if m.Claim != claim {
			t.Errorf("ClaimMail(%s): message %s has claim %q", claim, m.ID, m.Claim)
		}
		sameTime(t, "ClaimMail: NextAttemptAt of "+m.ID, m.NextAttemptAt, until)
		ids = append(ids, m.ID)
	}
	return ids
}

func outboxMessage(t *testing.T, s core.Store, id string) *core.OutboxMessage {
	t.Helper()
	m, err := s.OutboxMessage(t.Context(), id)
	wantOK(t, "OutboxMessage("+id+")", err)
	return m
}

func wantBacklog(t *testing.T, s core.Store, what string, count int, oldest time.Time) {
	t.Helper()
	b, err := s.MailBacklog(t.Context())
	wantOK(t, what+": MailBacklog", err)
	same(t, what+": MailBacklog count", b.Count, count)
	sameTime(t, what+": MailBacklog oldest", b.Oldest, oldest)
}

func testOutboxEnqueue(t *testing.T, s core.Store) {
	ctx := t.Context()
	wantBacklog(t, s, "empty outbox", 0, time.Time{})
	want := enqueue(t, s, "m1", at(0), at(time.Hour), "mail-ip:192.0.2.1", "mail-user:u1")
	got := outboxMessage(t, s, "m1")
	same(t, "Kind", got.Kind, want.Kind)
	same(t, "To", got.To, want.To)
	same(t, "Subject", got.Subject, want.Subject)
	sameBytes(t, "Body", got.Body, want.Body)
	sameTime(t, "CreatedAt", got.CreatedAt, want.CreatedAt)
	sameTime(t, "NextAttemptAt", got.NextAttemptAt, want.NextAttemptAt)
	sameTime(t, "GiveUpAt", got.GiveUpAt, want.GiveUpAt)
	same(t, "Attempts", got.Attempts, 0)
	same(t, "LastError", got.LastError, "")
	same(t, "Claim", got.Claim, "")
	sameTime(t, "DeliveredAt", got.DeliveredAt, time.Time{})
	sameTime(t, "GaveUpAt", got.GaveUpAt, time.Time{})
	if !slices.Equal(got.ChargedKeys, want.ChargedKeys) {
		t.Errorf("ChargedKeys = %q, want %q", got.ChargedKeys, want.ChargedKeys)
	}
	enqueue(t, s, "m2", at(time.Second), at(time.Hour))
	if got := outboxMessage(t, s, "m2"); len(got.ChargedKeys) != 0 {
		t.Errorf("ChargedKeys of a message charged nothing = %q, want none", got.ChargedKeys)
	}
	wantErr(t, "EnqueueMail with a taken id", s.EnqueueMail(ctx, want), core.ErrConflict)
	_, err := s.OutboxMessage(ctx, "nope")
	wantErr(t, "OutboxMessage of a missing id", err, core.ErrNotFound)
	wantBacklog(t, s, "two queued", 2, at(0))
}

func testOutboxClaim(t *testing.T, s core.Store) {
	ctx := t.Context()
	enqueue(t, s, "late", at(time.Minute), at(time.Hour))
	enqueue(t, s, "b", at(2*time.Second), at(time.Hour))
	enqueue(t, s, "a", at(time.Second), at(time.Hour))

	if ids := claimIDs(t, s, "x", at(0), at(time.Minute), 10); len(ids) != 0 {
		t.Errorf("ClaimMail before anything is due = %v, want none", ids)
	}
	ids := claimIDs(t, s, "x", at(5*time.Second), at(30*time.Second), 1)
	if !slices.Equal(ids, []string{"a"}) {
		t.Errorf("ClaimMail limit 1 = %v, want the oldest due [a]", ids)
	}
	ids = claimIDs(t, s, "y", at(5*time.Second), at(30*time.Second), 10)
	if !slices.Equal(ids, []string{"b"}) {
		t.Errorf("ClaimMail by another sender = %v, want only the unclaimed [b]", ids)
	}
	// Claimed messages stay in the backlog.
	wantBacklog(t, s, "claimed", 3, at(time.Second))

	// A claim nobody reports back on runs out; then another sender gets it,
	// and the first one can no longer report on it.
	ids = claimIDs(t, s, "z", at(30*time.Second), at(time.Minute), 10)
	slices.Sort(ids)
	if !slices.Equal(ids, []string{"a", "b"}) {
		t.Errorf("ClaimMail after the claims ran out = %v, want [a b]", ids)
	}
	ok, err := s.MarkMailSent(ctx, "a", "x", at(31*time.Second))
	wantBool(t, "MarkMailSent under a claim taken over", ok, err, false)
	ok, err = s.RetryMail(ctx, "a", "x", at(time.Hour), "late")
	wantBool(t, "RetryMail under a claim taken over", ok, err, false)
	ok, err = s.GiveUpMail(ctx, "a", "x", at(31*time.Second), 1, "late")
	wantBool(t, "GiveUpMail under a claim taken over", ok, err, false)
	ok, err = s.MarkMailSent(ctx, "a", "", at(31*time.Second))
	wantBool(t, "MarkMailSent with an empty claim", ok, err, false)
	_, err = s.ClaimMail(ctx, "", at(time.Hour), at(2*time.Hour), 10)
	if err == nil {
		t.Error("ClaimMail with an empty claim worked, want an error")
	}

	// Delivered: body emptied, out of the backlog, not claimable, final.
	ok, err = s.MarkMailSent(ctx, "a", "z", at(31*time.Second))
	wantBool(t, "MarkMailSent", ok, err, true)
	got := outboxMessage(t, s, "a")
	sameTime(t, "DeliveredAt", got.DeliveredAt, at(31*time.Second))
	same(t, "Attempts after delivery", got.Attempts, 1)
	same(t, "Claim after delivery", got.Claim, "")
	sameBytes(t, "Body after delivery", got.Body, nil)
	ok, err = s.MarkMailSent(ctx, "a", "z", at(32*time.Second))
	wantBool(t, "MarkMailSent twice", ok, err, false)

	// Retried: attempts, error, due again at next.
	ok, err = s.RetryMail(ctx, "b", "z", at(40*time.Second), "451 try later")
	wantBool(t, "RetryMail", ok, err, true)
	got = outboxMessage(t, s, "b")
	same(t, "Attempts after a retry", got.Attempts, 1)
	same(t, "LastError after a retry", got.LastError, "451 try later")
	same(t, "Claim after a retry", got.Claim, "")
	sameTime(t, "NextAttemptAt after a retry", got.NextAttemptAt, at(40*time.Second))
	if ids := claimIDs(t, s, "z", at(39*time.Second), at(time.Hour), 10); len(ids) != 0 {
		t.Errorf("ClaimMail before the retry is due = %v, want none", ids)
	}
	wantBacklog(t, s, "one delivered", 2, at(2*time.Second))

	// Given up: body emptied, out of the backlog, final.
	ids = claimIDs(t, s, "w", at(time.Minute), at(2*time.Minute), 10)
	slices.Sort(ids)
	if !slices.Equal(ids, []string{"b", "late"}) {
		t.Fatalf("ClaimMail = %v, want [b late]", ids)
	}
	ok, err = s.GiveUpMail(ctx, "b", "w", at(time.Minute), 1, "550 no such user")
	wantBool(t, "GiveUpMail", ok, err, true)
	got = outboxMessage(t, s, "b")
	sameTime(t, "GaveUpAt", got.GaveUpAt, at(time.Minute))
	same(t, "Attempts after giving up", got.Attempts, 2)
	same(t, "LastError after giving up", got.LastError, "550 no such user")
	sameBytes(t, "Body after giving up", got.Body, nil)
	ok, err = s.GiveUpMail(ctx, "b", "w", at(time.Minute), 1, "again")
	wantBool(t, "GiveUpMail twice", ok, err, false)
	ok, err = s.GiveUpMail(ctx, "late", "w", at(time.Minute), 0, "expired")
	wantBool(t, "GiveUpMail without an attempt", ok, err, true)
	same(t, "Attempts after giving up unattempted", outboxMessage(t, s, "late").Attempts, 0)
	wantBacklog(t, s, "all done", 0, time.Time{})
	if ids := claimIDs(t, s, "v", at(24*time.Hour), at(25*time.Hour), 10); len(ids) != 0 {
		t.Errorf("ClaimMail of finished messages = %v, want none", ids)
	}

	// Finished messages go after a while; undelivered ones never do.
	enqueue(t, s, "queued", at(-time.Hour), at(time.Hour))
	n, err := s.DeleteFinishedMail(ctx, at(time.Minute))
	wantInt(t, "DeleteFinishedMail before the last finished", n, err, 1) // a, delivered at 31s
	n, err = s.DeleteFinishedMail(ctx, at(time.Hour))
	wantInt(t, "DeleteFinishedMail", n, err, 2)
	_, err = s.OutboxMessage(ctx, "queued")
	wantOK(t, "undelivered message after DeleteFinishedMail", err)
}

func testMailLease(t *testing.T, s core.Store) {
	ctx := t.Context()
	take := func(holder string, now, until time.Time, want bool) {
		t.Helper()
		ok, err := s.TakeMailLease(ctx, holder, now, until)
		wantBool(t, fmt.Sprintf("TakeMailLease(%s, %v)", holder, now.Sub(base)), ok, err, want)
	}
	take("a", at(0), at(10*time.Second), true)
	take("b", at(time.Second), at(11*time.Second), false)
	take("a", at(5*time.Second), at(15*time.Second), true) // renewed
	take("b", at(12*time.Second), at(22*time.Second), false)
	take("b", at(15*time.Second), at(25*time.Second), true) // expired: taken over
	take("a", at(16*time.Second), at(26*time.Second), false)
	wantOK(t, "ReleaseMailLease by a non-holder", s.ReleaseMailLease(ctx, "a"))
	take("a", at(17*time.Second), at(27*time.Second), false)
	wantOK(t, "ReleaseMailLease", s.ReleaseMailLease(ctx, "b"))
	take("a", at(18*time.Second), at(28*time.Second), true)
	if _, err := s.TakeMailLease(ctx, "", at(100*time.Second), at(200*time.Second)); err == nil {
		t.Error("TakeMailLease with an empty holder worked, want an error")
	}
}

// testConcurrentClaimMail races senders claiming from one outbox: each
// message is claimed once.
func testConcurrentClaimMail(t *testing.T, s core.Store) {
	const n = 40
	for i := range n {
		enqueue(t, s, "m"+strconv.Itoa(i), at(time.Duration(i)*time.Millisecond), at(time.Hour))
	}
	ClaimedOnce(t, []core.Store{s}, n)
}

// ClaimedOnce has 8 senders per store claim from the outbox until it runs
// dry and checks that the n due messages were claimed once each. Backends
// use it for races across several Store values on one database.
func ClaimedOnce(t *testing.T, stores []core.Store, n int) {
	t.Helper()
	var (
		mu     sync.Mutex
		counts = map[string]int{}
	)
	Race(t, 8*len(stores), func(i int) (bool, error) {
		s := stores[i%len(stores)]
		claim := "sender-" + strconv.Itoa(i)
		for range n + 1 { // a store that hands out claimed mail again would loop for ever
			ms, err := s.ClaimMail(t.Context(), claim, at(time.Hour), at(2*time.Hour), 3)
			if err != nil || len(ms) == 0 {
				return false, err
			}
			mu.Lock()
			for _, m := range ms {
				counts[m.ID]++
			}
			mu.Unlock()
		}
		return false, nil
	})
	if len(counts) != n {
		t.Errorf("%d distinct messages claimed, want %d", len(counts), n)
	}
	for id, c := range counts {
		if c != 1 {
			t.Errorf("message %s claimed %d times, want once", id, c)
		}
	}
}

func testResealMail(t *testing.T, s core.Store) {
	ctx := t.Context()
	enqueue(t, s, "sent", at(0), at(time.Hour))
	enqueue(t, s, "queued", at(0), at(time.Hour))
	claimIDs(t, s, "x", at(0), at(time.Minute), 1) // one of the two; it is then delivered
	ok, err := s.MarkMailSent(ctx, outboxClaimed(t, s, "x"), "x", at(time.Second))
	wantBool(t, "MarkMailSent", ok, err, true)
	pending := "queued"
	if !outboxMessage(t, s, "queued").DeliveredAt.IsZero() {
		pending = "sent"
	}
	before := outboxMessage(t, s, pending).Body

	_, err = s.ResealMail(ctx, func(id string, sealed []byte) ([]byte, error) {
		return nil, errors.New("boom")
	})
	if err == nil {
		t.Fatal("ResealMail with a failing fn worked")
	}
	sameBytes(t, "body after a failed ResealMail", outboxMessage(t, s, pending).Body, before)

	n, err := s.ResealMail(ctx, func(id string, sealed []byte) ([]byte, error) {
		if id != pending {
			t.Errorf("ResealMail offered message %s, want only the undelivered %s", id, pending)
		}
		return append([]byte("new:"), sealed...), nil
	})
	wantInt(t, "ResealMail", n, err, 1)
	sameBytes(t, "body after ResealMail", outboxMessage(t, s, pending).Body, append([]byte("new:"), before...))
}

// outboxClaimed returns the id of the one message held under claim.
func outboxClaimed(t *testing.T, s core.Store, claim string) string {
	t.Helper()
	for _, id := range []string{"sent", "queued"} {
		if outboxMessage(t, s, id).Claim == claim {
			return id
		}
	}
	t.Fatalf("no message held under %s", claim)
	return ""
}

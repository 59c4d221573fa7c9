package main

import (
	"context"
	"fmt"
	"io"
	"time"
)

// accountSet is the accounts of a run: all of the users file and of this
// run, of which the run uses the first cfg.Users.
type accountSet struct {
	all, users    []*vuser
	reused, fresh int
	file          string
}

// prepareAccounts reads the users file, if any, and signs up (with TOTP)
// the accounts still missing for cfg.Users, cfg.SetupConcurrency at a time,
// recording the requests in ph and the time taken in ph.elapsed. The
// accounts signed up are added to the users file at once.
func prepareAccounts(ctx context.Context, cfg *config, a *api, ph *phase, log io.Writer) (*accountSet, error) {
	set := &accountSet{file: cfg.UsersFile}
	if cfg.UsersFile != "" {
		all, err := readUsers(cfg.UsersFile)
		if err != nil {
			return nil, fmt.Errorf("--users-file: %w", err)
		}
		set.all = all
		set.reused = min(len(all), cfg.Users)
	}
	set.users = set.all[:set.reused]
	need := cfg.Users - len(set.users)
	if need <= 0 {
		return set, nil
	}
	fmt.Fprintf(log, "twofa-load: signing up %d accounts with TOTP at %s, %d at a time ...\n", need, cfg.URL, cfg.setupConcurrency())
	sctx, cancel := context.WithTimeout(ctx, cfg.SetupTimeout)
	defer cancel()
	start := time.Now()
	fresh, err := signUp(sctx, a, ph, need, cfg.setupConcurrency(), cfg.Password)
	ph.elapsed = time.Since(start)
	if err != nil {
		return set, fmt.Errorf("signing up accounts: %w", err)
	}
	set.fresh = len(fresh)
	set.all = append(set.all, fresh...)
	set.users = set.all[:cfg.Users]
	return set, set.save()
}

// save writes every account, with its last step and session, to the users
// file, if there is one.
func (s *accountSet) save() error {
	if s.file == "" {
		return nil
	}
	if err := writeUsers(s.file, s.all); err != nil {
		return fmt.Errorf("--users-file: %w", err)
	}
	return nil
}

// saveInto saves s, and sets *err to the failure unless *err already
// holds one: deferred by a scenario, so that the steps used are kept for
// the next run however the run ended.
func (s *accountSet) saveInto(err *error) {
	if werr := s.save(); werr != nil && *err == nil {
		*err = werr
	}
}

// reusedCount is the number of accounts taken from the users file; s may
// be nil (the set-up failed before it knew).
func (s *accountSet) reusedCount() int {
	if s == nil {
		return 0
	}
	return s.reused
}

// printSetup writes how the sign-ups went, if there were any, with the
// requests of ph.
func (s *accountSet) printSetup(w io.Writer, ph *phase) {
	if ph.elapsed == 0 {
		return
	}
	if s != nil && s.fresh > 0 {
		fmt.Fprintf(w, "\nset-up: %d accounts signed up with TOTP in %.2f s\n", s.fresh, ph.elapsed.Seconds())
	} else {
		fmt.Fprintf(w, "\nset-up: failed after %.2f s\n", ph.elapsed.Seconds())
	}
	ph.print(w)
}

package core

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/twofa-dev/twofa/internal/totp"
)

// ClockDrift is how far the clock of an account's authenticator app is
// off, as the codes it made tell.
type ClockDrift struct {
	// Seconds is positive when the app's clock is ahead (its codes belong
	// to a later time step than the server's), negative when it is behind.
	Seconds int
	// Since is when the drift was first found.
	Since time.Time
}

// TOTPDrift is what an account's accepted TOTP codes tell about its app's
// clock: where in the window the last codes matched, and the drift found
// from that (zero when none).
type TOTPDrift struct {
	// Recent holds the time-step offsets at which the last accepted codes
	// matched, newest first, in the form formatOffsets writes ("1,1,0":
	// the two newest codes were one step early, the one before on time).
	Recent string
	ClockDrift
}

// DriftAccount is an account whose authenticator app's clock is off.
type DriftAccount struct {
	UserID string
	Email  string
	ClockDrift
}

const (
	// driftKept is how many offsets TOTPDrift.Recent keeps.
	driftKept = 5
	// driftRun is how many of the newest codes must all be off the same
	// way before a drift is reported: one code typed just as the step
	// turned is no sign of a wrong clock.
	driftRun = 3
	// DefaultDriftPage is how many accounts ClockDriftAccounts lists when
	// the caller does not say.
	DefaultDriftPage = 50
	// MaxDriftPage is the most accounts ClockDriftAccounts lists at once.
	MaxDriftPage = 500
)

// ClockDrift returns the drift found in the codes of u's authenticator
// app, or nil when none was found (or TOTP is off).
func (u *User) ClockDrift() *ClockDrift {
	if !u.TOTPEnabled() || u.TOTPDrift.Seconds == 0 {
		return nil
	}
	d := u.TOTPDrift.ClockDrift
	return &d
}

// driftSteps is the rule: when each of the driftRun newest offsets is off
// the same way (all early or all late), the app's clock is off by their
// mean, rounded to whole steps; otherwise it answers 0. Offsets are
// newest first; a positive one is a code of a later step than the
// server's, made by a clock that is ahead.
func driftSteps(offsets []int) int {
	if len(offsets) < driftRun {
		return 0
	}
	sum := 0
	for _, o := range offsets[:driftRun] {
		if o == 0 || (o > 0) != (offsets[0] > 0) {
			return 0
		}
		sum += o
	}
	// The mean, rounded to the nearest whole step.
	if sum > 0 {
		return (2*sum + driftRun) / (2 * driftRun)
	}
	return -((-2*sum + driftRun) / (2 * driftRun))
}

// nextDrift is old after one more code, accepted at now, matched at
// offset steps from the server's: the offset joins Recent, the rule runs
// again, and Since stays while the drift stays the same.
func nextDrift(old TOTPDrift, offset int, now time.Time) TOTPDrift {
	offsets := append([]int{offset}, parseOffsets(old.Recent)...)
	if len(offsets) > driftKept {
		offsets = offsets[:driftKept]
	}
	next := TOTPDrift{Recent: formatOffsets(offsets)}
	if steps := driftSteps(offsets); steps != 0 {
		next.Seconds = steps * totp.Default.Period
		next.Since = now
		if old.Seconds == next.Seconds {
			next.Since = old.Since
		}
	}
	return next
}

// formatOffsets writes offsets as TOTPDrift.Recent holds them.
func formatOffsets(offsets []int) string {
	parts := make([]string, len(offsets))
	for i, o := range offsets {
		parts[i] = strconv.Itoa(o)
	}
	return strings.Join(parts, ",")
}

// parseOffsets reads TOTPDrift.Recent. Whatever it cannot read is
// forgotten, as if no code had been recorded: the record only ever
// informs a notice.
func parseOffsets(recent string) []int {
	if recent == "" {
		return nil
	}
	var out []int
	for part := range strings.SplitSeq(recent, ",") {
		o, err := strconv.Atoi(part)
		if err != nil {
			return nil
		}
		out = append(out, o)
	}
	return out
}

// useTOTPStep marks step, just matched at now, as used for u and records
// at which offset from the server's step it matched, in one store
// statement. It reports false when the step was already used (or TOTP
// was turned off meanwhile). On success u's drift is updated too.
func (s *Service) useTOTPStep(ctx context.Context, st Store, u *User, step int64, now time.Time) (bool, error) {
	next := nextDrift(u.TOTPDrift, int(step-totp.Step(now)), now)
	fresh, err := st.UseTOTPStepDrift(ctx, u.ID, step, u.TOTPDrift.Recent, next)
	if err != nil {
		return false, fmt.Errorf("use TOTP step: %w", err)
	}
	if fresh {
		u.TOTPDrift = next
	}
	return fresh, nil
}

// ClockDriftAccounts lists, for an administrator, the accounts whose
// authenticator app's clock was found to be off, most recently found
// first, at most limit of them (DefaultDriftPage when 0).
func (s *Service) ClockDriftAccounts(ctx context.Context, limit int) ([]DriftAccount, error) {
	switch {
	case limit == 0:
		limit = DefaultDriftPage
	case limit < 0 || limit > MaxDriftPage:
		return nil, badRequest("limit", "must be between 1 and %d", MaxDriftPage)
	}
	list, err := s.store.ClockDriftAccounts(ctx, limit)
	if err != nil {
		return nil, fmt.Errorf("list clock drift: %w", err)
	}
	return list, nil
}

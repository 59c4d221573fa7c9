package core

import (
	"context"
	"fmt"
	"time"
)

// DashboardDays is how many days, today included, the dashboard's chart
// of second-factor activity covers.
const DashboardDays = 30

// SecondFactorCounts counts the accounts by their second factors.
type SecondFactorCounts struct {
	// Accounts counts every account, disabled ones included.
	Accounts int
	// TOTP counts the accounts with an authenticator app.
	TOTP int
	// EmailOnly counts the accounts whose only second factor is email
	// codes.
	EmailOnly int
}

// None counts the accounts with no second factor.
func (c SecondFactorCounts) None() int { return c.Accounts - c.TOTP - c.EmailOnly }

// DayCount is how many events of a kind one UTC day holds.
type DayCount struct {
	// Day is the day's first instant, midnight UTC.
	Day   time.Time
	Count int
}

// DayActivity is one day of the dashboard's chart.
type DayActivity struct {
	// Day is the day's first instant, midnight UTC.
	Day time.Time
	// Successes counts the logins that passed a second factor.
	Successes int
	// Failures counts the wrong second factors (EventSecondFactorFailed).
	Failures int
	// Lockouts counts the locks that wrong codes caused
	// (EventAccountLocked).
	Lockouts int
}

// Dashboard is the administrators' overview.
type Dashboard struct {
	Adoption SecondFactorCounts
	// Days are the last DashboardDays days, oldest first, today last.
	Days []DayActivity
	// ClockDrift lists, newest first, up to DashboardDriftAccounts
	// accounts whose authenticator app's clock is off (see
	// ClockDriftAccounts).
	ClockDrift []DriftAccount
}

// DashboardDriftAccounts is how many accounts with an authenticator clock
// off the dashboard lists.
const DashboardDriftAccounts = 20

// secondFactorMethods are the details of a login event that passed a
// second factor (the others are "password only" and trusted devices).
var secondFactorMethods = []string{MethodTOTP, MethodEmail, MethodRecovery}

// Dashboard counts the accounts by second factor, and the second-factor
// successes, failures and lock-outs of each of the last DashboardDays UTC
// days, from the audit trail (days older than EventRetention show none).
func (s *Service) Dashboard(ctx context.Context) (*Dashboard, error) {
	adoption, err := s.store.CountSecondFactors(ctx)
	if err != nil {
		return nil, fmt.Errorf("count second factors: %w", err)
	}
	today := s.clock().UTC().Truncate(24 * time.Hour)
	since := today.AddDate(0, 0, -(DashboardDays - 1))
	d := &Dashboard{Adoption: adoption, Days: make([]DayActivity, DashboardDays)}
	for i := range d.Days {
		d.Days[i].Day = since.AddDate(0, 0, i)
	}
	series := []struct {
		typ     string
		details []string
		set     func(a *DayActivity, n int)
	}{
		{EventLogin, secondFactorMethods, func(a *DayActivity, n int) { a.Successes = n }},
		{EventSecondFactorFailed, nil, func(a *DayActivity, n int) { a.Failures = n }},
		{EventAccountLocked, nil, func(a *DayActivity, n int) { a.Lockouts = n }},
	}
	for _, sr := range series {
		counts, err := s.store.CountEventsByDay(ctx, sr.typ, sr.details, since)
		if err != nil {
			return nil, fmt.Errorf("count %s events: %w", sr.typ, err)
		}
		for _, c := range counts {
			i := int(c.Day.Sub(since) / (24 * time.Hour))
			if i >= 0 && i < len(d.Days) {
				sr.set(&d.Days[i], c.Count)
			}
		}
	}
	if d.ClockDrift, err = s.ClockDriftAccounts(ctx, DashboardDriftAccounts); err != nil {
		return nil, err
	}
	return d, nil
}

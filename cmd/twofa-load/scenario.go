package main

import (
	"strings"
	"time"
)

// Scenarios: what a run measures.
const (
	// scenarioLogin: whole logins (password, then TOTP), each followed
	// by --me-per-login GET /api/v1/me.
	scenarioLogin = "login"
	// scenarioSecondStep: POST /api/v1/login/2fa alone, on challenges
	// opened before the measured part.
	scenarioSecondStep = "second-step"
	// scenarioReplay: POST /api/v1/login/2fa with a code already used,
	// which must be refused.
	scenarioReplay = "replay"
	// scenarioMe: GET /api/v1/me alone, with sessions got before.
	scenarioMe = "me"
)

var scenarios = []string{scenarioLogin, scenarioSecondStep, scenarioReplay, scenarioMe}

var scenarioList = strings.Join(scenarios, ", ")

// maxChallengesPer bounds --challenges-per-user: twofa accepts a TOTP code
// of the previous, the current and the next 30-second step, each once per
// account, so an account can complete at most three second steps at once.
const maxChallengesPer = 3

// stepMargin is how close to the end of a step the tool no longer sends the
// previous step's code: the server might check it after the step has
// turned, when it is out of the window.
const stepMargin = 2 * time.Second

// nextStep returns the lowest TOTP step above last whose code the server
// will accept if it checks it at now or shortly after (steps now-1 to
// now+1, one step of drift either way), or false if there is none until
// the step turns.
func nextStep(last int64, now time.Time) (int64, bool) {
	s := stepOf(now)
	lo := s - 1
	if stepOf(now.Add(stepMargin)) != s {
		lo = s
	}
	step := max(last+1, lo)
	return step, step <= s+1
}

// stepsLeft is how many second steps an account whose last used step is
// last can complete at now, one after the other.
func stepsLeft(last int64, now time.Time) int {
	step, ok := nextStep(last, now)
	if !ok {
		return 0
	}
	return int(stepOf(now) + 1 - step + 1)
}

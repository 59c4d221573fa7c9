package main

import (
	"context"
	"errors"
	"sync"
)

// openChallenges logs in want[i] times with the password of users[i],
// concurrency logins at a time, and returns the challenges opened for each
// account (the password step answered 401 2fa-required). A login answered
// 503 busy is sent again after the Retry-After the server gave. It stops at
// the first other error.
func openChallenges(ctx context.Context, a *api, ph *phase, users []*vuser, want []int, concurrency int) ([][]string, error) {
	var jobs []int // an account's index, once per challenge to open
	for i, n := range want {
		for range n {
			jobs = append(jobs, i)
		}
	}
	got := make([][]string, len(users))
	var mu sync.Mutex
	err := forEach(ctx, len(jobs), concurrency, func(ctx context.Context, j int) error {
		i := jobs[j]
		token, err := openChallenge(ctx, a, ph, users[i])
		if err != nil {
			return err
		}
		mu.Lock()
		got[i] = append(got[i], token)
		mu.Unlock()
		return nil
	})
	return got, err
}

// openChallenge sends u's password and returns the challenge of the
// answer; an answer 503 busy or unavailable is waited out and the login
// sent again.
func openChallenge(ctx context.Context, a *api, ph *phase, u *vuser) (string, error) {
	ans, err := a.callRetry(ctx, ph, routeLogin, "/api/v1/login", "", u.Addr,
		map[string]string{"email": u.Email, "password": u.Password}, 401)
	if err != nil {
		return "", err
	}
	if ans.str("error") != "2fa-required" || ans.str("challenge") == "" {
		return "", errors.New("login: no second-factor challenge")
	}
	return ans.str("challenge"), nil
}

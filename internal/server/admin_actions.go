package server

import (
	"context"
	"net/http"

	"github.com/twofa-dev/twofa/internal/core"
)

// userAction is one change an administrator makes to an account. It is
// served at POST /api/v1/admin/users/{id}/<name>, whose JSON body is read
// into T (struct{} for none), and offered on the account's admin page,
// whose form posts to /admin/users/{id}/<name>. Both need the
// administrator's second factor, proved recently or with the request
// (see adminAction and sensitivePage).
//
// Adding an action is one userAction value below and one route line in
// routes.go: serveUserAction records the action for the admin pages.
type userAction[T any] struct {
	// name is the last segment of both paths.
	name string
	// offer is the button of the account's page for u; ok false shows
	// none (enabling an account that is not disabled, say).
	offer func(u *core.User) (b actionButton, ok bool)
	// intro says what the action does, next to its button and on the page
	// that asks for the administrator's code.
	intro string
	// done is the notice the account's page shows after the change.
	done string
	// form reads T from the page's posted form (nil when T has no
	// fields).
	form func(r *http.Request) T
	// run makes the change to the account userID as op.
	run func(ctx context.Context, svc *core.Service, userID string, in *T, op *core.Operator) error
	// gone tells that the account is no more after the change: the page
	// goes back to the user list.
	gone bool
}

// actionButton is how an account's page offers an action.
type actionButton struct {
	Label string
	// Danger marks an action that takes something away.
	Danger bool
	// Fields are hidden inputs the form sends along.
	Fields []formField
}

// pageAction is a userAction as the admin pages use it, its input type
// hidden.
type pageAction struct {
	name, intro, done string
	gone              bool
	offer             func(u *core.User) (actionButton, bool)
	// run reads the posted form and makes the change.
	run func(r *http.Request, userID string, op *core.Operator) error
}

// serveUserAction records a for the admin pages, and returns its API
// handler.
func serveUserAction[T any](s *server, a userAction[T]) http.Handler {
	s.userActions = append(s.userActions, pageAction{
		name: a.name, intro: a.intro, done: a.done, offer: a.offer, gone: a.gone,
		run: func(r *http.Request, userID string, op *core.Operator) error {
			var in T
			if a.form != nil {
				in = a.form(r)
			}
			return a.run(r.Context(), s.svc, userID, &in, op)
		},
	})
	return adminAction(s, func(r *http.Request, op *core.Operator, in *T) (any, error) {
		return nil, a.run(r.Context(), s.svc, r.PathValue("id"), in, op)
	})
}

// userAction returns the action the admin pages know by name.
func (s *server) userAction(name string) (pageAction, bool) {
	for _, a := range s.userActions {
		if a.name == name {
			return a, true
		}
	}
	return pageAction{}, false
}

// always offers an action with this button on every account's page.
func always(b actionButton) func(*core.User) (actionButton, bool) {
	return func(*core.User) (actionButton, bool) { return b, true }
}

// roleRequest is the body of POST /api/v1/admin/users/{id}/role.
type roleRequest struct {
	Role string `json:"role"`
}

var (
	resetTwoFactorAction = userAction[struct{}]{
		name:  "reset-2fa",
		offer: always(actionButton{Label: "Reset two-factor authentication", Danger: true}),
		intro: "For an owner who lost the phone and the recovery codes: the authenticator app, the recovery codes, " +
			"the security keys and passkeys, and the trusted devices are removed, every session and app sign-in ends, and codes mailed to the account's address become its " +
			"second factor. The owner is told by mail.",
		done: "Two-factor authentication was reset: the owner now signs in with a code mailed to the account's address.",
		run: func(ctx context.Context, svc *core.Service, id string, _ *struct{}, op *core.Operator) error {
			return svc.ResetTwoFactor(ctx, id, op)
		},
	}
	unlockAction = userAction[struct{}]{
		name:  "unlock",
		offer: always(actionButton{Label: "Unlock"}),
		intro: "Lifts every lock that wrong codes or too many code mails put on the account, on all its devices. " +
			"Locks of client addresses stay.",
		done: "The account's locks were lifted.",
		run: func(ctx context.Context, svc *core.Service, id string, _ *struct{}, op *core.Operator) error {
			return svc.Unlock(ctx, id, op)
		},
	}
	endSessionsAction = userAction[struct{}]{
		name:  "end-sessions",
		offer: always(actionButton{Label: "End every session", Danger: true}),
		intro: "Every session and pending login of the account ends: its browsers and apps must sign in again.",
		done:  "Every session of the account was ended.",
		run: func(ctx context.Context, svc *core.Service, id string, _ *struct{}, op *core.Operator) error {
			return svc.EndUserSessions(ctx, id, op)
		},
	}
	disableAction = userAction[struct{}]{
		name: "disable",
		offer: func(u *core.User) (actionButton, bool) {
			return actionButton{Label: "Disable account", Danger: true}, !u.Disabled()
		},
		intro: "The account can no longer sign in; its sessions and pending logins end and its apps lose access. Nothing is deleted: " +
			"enabling it again gives it back as it was.",
		done: "The account was disabled.",
		run: func(ctx context.Context, svc *core.Service, id string, _ *struct{}, op *core.Operator) error {
			return svc.SetDisabled(ctx, id, true, op)
		},
	}
	enableAction = userAction[struct{}]{
		name: "enable",
		offer: func(u *core.User) (actionButton, bool) {
			return actionButton{Label: "Enable account"}, u.Disabled()
		},
		intro: "The account can sign in again.",
		done:  "The account was enabled.",
		run: func(ctx context.Context, svc *core.Service, id string, _ *struct{}, op *core.Operator) error {
			return svc.SetDisabled(ctx, id, false, op)
		},
	}
	roleAction = userAction[roleRequest]{
		name: "role",
		offer: func(u *core.User) (actionButton, bool) {
			if u.IsAdmin() {
				return actionButton{Label: "Remove the administrator role", Danger: true,
					Fields: []formField{{Name: "role", Value: core.RoleUser}}}, true
			}
			return actionButton{Label: "Make administrator", Fields: []formField{{Name: "role", Value: core.RoleAdmin}}}, true
		},
		intro: "Administrators see every account on these pages and can reset, unlock, disable and enable them, " +
			"and change their roles.",
		done: "The account's role was changed.",
		form: func(r *http.Request) roleRequest { return roleRequest{Role: r.PostForm.Get("role")} },
		run: func(ctx context.Context, svc *core.Service, id string, in *roleRequest, op *core.Operator) error {
			return svc.SetRole(ctx, id, in.Role, op)
		},
	}
	passwordResetAction = userAction[struct{}]{
		name:  "send-password-reset",
		offer: always(actionButton{Label: "Send a password reset link"}),
		intro: "Mails the owner a link to choose a new password, valid for 30 minutes and once; earlier links stop " +
			"working. The password stays until the owner uses the link, and the next login still asks for the " +
			"second factor.",
		done: "A password reset link is on its way to the account's address.",
		run: func(ctx context.Context, svc *core.Service, id string, _ *struct{}, op *core.Operator) error {
			return svc.SendPasswordReset(ctx, id, op)
		},
	}
	deleteAction = userAction[struct{}]{
		name:  "delete",
		offer: always(actionButton{Label: "Delete account", Danger: true}),
		intro: "Deletes the account and everything it holds, for good: its second factors, sessions, devices, " +
			"security events and apps' access. The owner is told by mail; the audit keeps that it happened. " +
			"The address may sign up again as a new account.",
		done: "The account was deleted.",
		gone: true,
		run: func(ctx context.Context, svc *core.Service, id string, _ *struct{}, op *core.Operator) error {
			return svc.DeleteUser(ctx, id, op)
		},
	}
)

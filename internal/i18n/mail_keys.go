package i18n

// The messages of the mails twofa sends (internal/core): subjects, the
// greeting and closing line of the security notices, and their bodies,
// each a whole paragraph or mail. A message whose first argument is a
// count is a Plural in the languages (English included) whose wording
// depends on it. The keys are the English texts, as core writes them.
const (
	mailHello               = "Hello %s,"
	mailReview              = "You can review recent security events under My Account -> Security."
	mailRecoveryUsedSubject = "A recovery code was used"
	mailRecoveryUsed        = "A recovery code of your account was just used to sign in or to confirm a change (from %[2]s). You have %[1]d unused recovery codes left.\n\n" +
		"If this was not you, someone has your password and a recovery code: change your password and regenerate your recovery codes."
	mailTwoFAResetSubject = "Your two-factor authentication was reset"
	mailTwoFAReset        = "An administrator reset the two-factor authentication of your account: the authenticator app, the recovery codes, the security keys and passkeys, and the trusted devices were removed, and every session and app sign-in was ended. Until you set up an authenticator app again, a code mailed to this address is your second factor.\n\n" +
		"Sign in, then go to My Account -> Security to set up your authenticator app (and security keys) again; if the account had passkeys and no password, choose a password with \"Forgot password?\" on the login page.\n\n" +
		"If you did not ask for this, tell your administrator at once."
	mailDeletedSubject   = "Your %s account was deleted"
	mailDeletedSelfFrom  = "Your %[1]s account %[2]s was deleted at your request (from %[4]s) on %[3]s."
	mailDeletedSelf      = "Your %[1]s account %[2]s was deleted at your request on %[3]s."
	mailDeletedAdminFrom = "Your %[1]s account %[2]s was deleted by an administrator (from %[4]s) on %[3]s."
	mailDeletedAdmin     = "Your %[1]s account %[2]s was deleted by an administrator on %[3]s."
	mailDeleted          = "%s Everything it held went with it: its second factors, recovery codes, sessions, trusted devices, security events, and the access of the apps it signed you in to. This address may sign up again, as a new account.\n\n" +
		"If this was not you, contact the administrator of this service."
	mailDeviceTrustedSubject = "A new device was trusted"
	mailDeviceTrusted        = "A device was set to skip the second step for %[1]d days:\n\n" +
		"  address: %[2]s\n  browser: %[3]s\n\n" +
		"If this was not you, revoke it under My Account -> Security and change your password."
	mailEmailChangedSubject = "Your email address was changed"
	mailEmailChanged        = "The email address of your account was changed to %s. Mail about your account, and email codes, now go there; your other sessions were signed out and trusted devices forgotten."
	mailEmailUndo           = "If this was not you, open this link within %[1]d days to put this address back and sign everyone out:\n\n" +
		"    %[2]s\n\n" +
		"Then change your password."
	mailEmailBackSubject = "Your email address was put back"
	mailEmailBack        = "Your account's email address is %[1]s again (it had been changed to %[2]s), and every session was signed out.\n\n" +
		"Someone may know your password: sign in and change it now."
	mailEmailBackPassword = "Your account's email address is %[1]s again (it had been changed to %[2]s), and every session was signed out. The password had been changed since; it is the one you had before the change again.\n\n" +
		"Someone may know your password: sign in and change it now."
	mailLockedSubject = "Code entry on one of your devices is locked"
	mailLockedUnknown = "Someone entered %[1]d wrong codes or passwords for your account from a device that has not signed in to your account before (%[2]s), so we locked code entry there until %[3]s; your other devices are not affected.\n\n" +
		"If this was not you, they may know your password: change it as soon as you can sign in."
	mailLockedKnown = "Someone entered %[1]d wrong codes or passwords for your account from a device or session that has signed in to your account (%[2]s), so we locked code entry there until %[3]s; your other devices are not affected.\n\n" +
		"If this was not you, they may know your password: change it as soon as you can sign in."
	mailPasswordRemovedSubject = "Your account no longer has a password"
	mailPasswordRemoved        = "The password of your account was removed: it now signs in with its passkeys only.\n\n" +
		"If this was not you, someone has access to your account: reset your password with \"Forgot password?\" on the sign-in page."
	mailTOTPDisabledSubject = "Your authenticator app was disabled"
	mailTOTPDisabled        = "The authenticator app (TOTP) is no longer a second factor of your account, and trusted devices were forgotten.\n\n" +
		"If this was not you, sign in, change your password and enable it again."
	mailEmail2FAOffSubject = "Email codes were turned off"
	mailEmail2FAOff        = "Codes sent to this address are no longer a second factor of your account, and trusted devices were forgotten.\n\n" +
		"If this was not you, sign in, change your password and turn them on again."
	mailRecoveryRegenSubject = "New recovery codes were made"
	mailRecoveryRegen        = "Your recovery codes were regenerated; the old ones no longer work.\n\n" +
		"If this was not you, someone has access to your account: change your password."
	mailTOTPEnabledSubject = "An authenticator app was enabled"
	mailTOTPEnabled        = "An authenticator app (TOTP) was enabled as a second factor of your account, and a new set of recovery codes was made.\n\n" +
		"If this was not you, someone has access to your account: sign in, disable it and change your password."
	mailCloneSubject = "A security key of your account may have been copied"
	mailClone        = "Your security key %[1]q signed in from %[2]s with a signature counter of %[3]d, but it had already reached %[4]d. A genuine key only counts up, so there may be a copy of it; the sign-in was refused.\n\n" +
		"If you did not just use this key, remove it under My Account -> Security and change your password."
	mailKeyAddedSubject = "A security key was added to your account"
	mailKeyAdded        = "The security key or passkey %[1]q was added to your account (from %[2]s); it can now sign in.\n\n" +
		"If this was not you, someone has access to your account: remove it under My Account -> Security and change your password."
	mailKeyRemovedSubject = "A security key was removed from your account"
	mailKeyRemoved        = "The security key or passkey %[1]q was removed from your account (from %[2]s); it can no longer sign in.\n\n" +
		"If this was not you, someone has access to your account: change your password."
	mailPasswordChangedSubject = "Your password was changed"
	mailPasswordChanged        = "The password of your account was changed; other sessions were signed out and trusted devices forgotten.\n\n" +
		"If this was not you, someone has access to your account: use a recovery code to sign in and change it back."
	mailPasswordResetSubject = "Your password was reset"
	mailPasswordResetFrom    = "The password of your account was reset with a link mailed to this address (from %s). Every session was signed out, apps were signed out and trusted devices forgotten. Two-factor authentication is as it was: if the account has it, logging in still asks for your second factor.\n\n" +
		"If this was not you, someone can read your mail: secure your mailbox first, then use \"Forgot password?\" on the login page to choose a new password."
	mailPasswordReset = "The password of your account was reset with a link mailed to this address. Every session was signed out, apps were signed out and trusted devices forgotten. Two-factor authentication is as it was: if the account has it, logging in still asks for your second factor.\n\n" +
		"If this was not you, someone can read your mail: secure your mailbox first, then use \"Forgot password?\" on the login page to choose a new password."
)

package i18n

// The English plurals of the mail messages (mail_keys.go); every other
// English mail text is its key.
func init() {
	add("en", Messages{
		mailRecoveryUsed: Plural{
			"one": "A recovery code of your account was just used to sign in or to confirm a change (from %[2]s). You have %[1]d unused recovery code left.\n\n" +
				"If this was not you, someone has your password and a recovery code: change your password and regenerate your recovery codes.",
			"other": "A recovery code of your account was just used to sign in or to confirm a change (from %[2]s). You have %[1]d unused recovery codes left.\n\n" +
				"If this was not you, someone has your password and a recovery code: change your password and regenerate your recovery codes.",
		},
		mailDeviceTrusted: Plural{
			"one": "A device was set to skip the second step for %[1]d day:\n\n" +
				"  address: %[2]s\n  browser: %[3]s\n\n" +
				"If this was not you, revoke it under My Account -> Security and change your password.",
			"other": "A device was set to skip the second step for %[1]d days:\n\n" +
				"  address: %[2]s\n  browser: %[3]s\n\n" +
				"If this was not you, revoke it under My Account -> Security and change your password.",
		},
		mailEmailUndo: Plural{
			"one": "If this was not you, open this link within %[1]d day to put this address back and sign everyone out:\n\n" +
				"    %[2]s\n\n" +
				"Then change your password.",
			"other": "If this was not you, open this link within %[1]d days to put this address back and sign everyone out:\n\n" +
				"    %[2]s\n\n" +
				"Then change your password.",
		},
		mailLockedUnknown: Plural{
			"one": "Someone entered %[1]d wrong code or password for your account from a device that has not signed in to your account before (%[2]s), so we locked code entry there until %[3]s; your other devices are not affected.\n\n" +
				"If this was not you, they may know your password: change it as soon as you can sign in.",
			"other": "Someone entered %[1]d wrong codes or passwords for your account from a device that has not signed in to your account before (%[2]s), so we locked code entry there until %[3]s; your other devices are not affected.\n\n" +
				"If this was not you, they may know your password: change it as soon as you can sign in.",
		},
		mailLockedKnown: Plural{
			"one": "Someone entered %[1]d wrong code or password for your account from a device or session that has signed in to your account (%[2]s), so we locked code entry there until %[3]s; your other devices are not affected.\n\n" +
				"If this was not you, they may know your password: change it as soon as you can sign in.",
			"other": "Someone entered %[1]d wrong codes or passwords for your account from a device or session that has signed in to your account (%[2]s), so we locked code entry there until %[3]s; your other devices are not affected.\n\n" +
				"If this was not you, they may know your password: change it as soon as you can sign in.",
		},
	})
}

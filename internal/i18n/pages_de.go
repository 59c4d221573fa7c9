package i18n

// The German texts of the user pages that de.go lacks: an app's consent
// and sign-out, a deleted account, a new email address's code, adding a
// security key, the notices, the confirmations of changes, the Security
// page's activity and the texts the scripts show. Terms and form of
// address ("Sie") as in the glossary of de.go.
func init() {
	add("de", Messages{
		// An app's consent and sign-out.
		"Allow %s to sign you in?":                                     "%s erlauben, Sie anzumelden?",
		"You are signed in to %[1]s as <strong>%[2]s</strong>.":        "Sie sind bei %[1]s als <strong>%[2]s</strong> angemeldet.",
		"<strong>%s</strong> will get:":                                "<strong>%s</strong> erhält:",
		"a stable identifier of your account (not your email address)": "eine gleichbleibende Kennung Ihres Kontos (nicht Ihre E-Mail-Adresse)",
		"your email address, and whether it has been confirmed":        "Ihre E-Mail-Adresse und ob sie bestätigt ist",
		"your name": "Ihren Namen",
		"access while you are away, until you revoke it": "Zugriff, während Sie nicht da sind, bis Sie ihn entziehen",
		"It will not get your password or your second factors. You can take this access back at any time under Security › Apps with access.": "Ihr Passwort und Ihre zweiten Faktoren erhält die App nicht. Sie können ihr diesen Zugriff jederzeit unter Sicherheit › Apps mit Zugriff wieder entziehen.",
		"Allow":                 "Erlauben",
		"Deny":                  "Ablehnen",
		"Sign out":              "Abmelden",
		"Signed out of the app": "Von der App abgemeldet",
		"The app has signed you out. You are still signed in to %s in this browser, so other apps can sign you in without a password.": "Die App hat Sie abgemeldet. In diesem Browser sind Sie weiterhin bei %s angemeldet, sodass andere Apps Sie ohne Passwort anmelden können.",
		"Sign out of %s too": "Auch bei %s abmelden",
		"Stay signed in":     "Angemeldet bleiben",
		"The app has signed you out, and you are not signed in to %s in this browser.": "Die App hat Sie abgemeldet, und in diesem Browser sind Sie nicht bei %s angemeldet.",

		// A deleted account.
		"Account deleted":          "Konto gelöscht",
		"Your account was deleted": "Ihr Konto wurde gelöscht",
		"Your account and everything in it are gone, and this browser is logged out.":                      "Ihr Konto und alles darin sind entfernt, und dieser Browser ist abgemeldet.",
		"We mailed a notice to your address. You may sign up again with it at any time, as a new account.": "Wir haben Ihnen eine Nachricht an Ihre Adresse gesendet. Mit dieser Adresse können Sie sich jederzeit erneut registrieren, als neues Konto.",

		// The code of a new email address.
		"Confirm your new email address":                  "Neue E-Mail-Adresse bestätigen",
		"We sent a code to %[1]s. It is valid for %[2]s.": "Wir haben einen Code an %[1]s gesendet. Er ist %[2]s lang gültig.",
		"Code from the email":                             "Code aus der E-Mail",
		"Email me a new code":                             "Neuen Code per E-Mail senden",

		// Adding a security key.
		"Name the key, then press the button and follow your browser: touch your security key, or confirm with your fingerprint, face or device PIN to make a passkey.": "Geben Sie dem Schlüssel einen Namen, klicken Sie dann auf die Schaltfläche und folgen Sie Ihrem Browser: Berühren Sie Ihren Sicherheitsschlüssel, oder bestätigen Sie mit Fingerabdruck, Gesicht oder der PIN Ihres Geräts, um einen Passkey zu erstellen.",
		"e.g. YubiKey, or Laptop": "z. B. YubiKey oder Laptop",
		"So you can tell your keys apart. Leave it empty for a name like “Passkey 1”.": "Damit Sie Ihre Schlüssel auseinanderhalten können. Lassen Sie das Feld leer für einen Namen wie „Passkey 1“.",
		"Add the key": "Schlüssel hinzufügen",
		"Adding a security key needs a browser with JavaScript on that supports them.": "Zum Hinzufügen eines Sicherheitsschlüssels brauchen Sie einen Browser, der Sicherheitsschlüssel unterstützt und in dem JavaScript eingeschaltet ist.",

		// The texts of static/webauthn.js and static/recovery.js.
		"The request was cancelled or timed out, or no security key or passkey of this site answered. Try again, or use another method.": "Die Anfrage wurde abgebrochen oder ist abgelaufen, oder kein Sicherheitsschlüssel und kein Passkey dieser Website hat geantwortet. Versuchen Sie es erneut, oder verwenden Sie eine andere Methode.",
		"This security key is already registered to your account.":                                                                       "Dieser Sicherheitsschlüssel ist bereits für Ihr Konto registriert.",
		"Your browser refused the request: open this site at its own address, over https.":                                               "Ihr Browser hat die Anfrage abgelehnt: Öffnen Sie diese Website unter ihrer eigenen Adresse, über https.",
		"This security key does not support what this site asks for.":                                                                    "Dieser Sicherheitsschlüssel unterstützt nicht, was diese Website verlangt.",
		"The security key request failed.":                                                                                               "Die Anfrage an den Sicherheitsschlüssel ist fehlgeschlagen.",
		"The server did not start the security key request. Reload the page and try again.":                                              "Der Server hat die Anfrage an den Sicherheitsschlüssel nicht gestartet. Laden Sie die Seite neu, und versuchen Sie es erneut.",
		"%[1]s recovery codes for %[2]s":                                                                                                 "%[1]s-Wiederherstellungscodes für %[2]s",
		"Each code works once. Keep them somewhere safe.":                                                                                "Jeder Code funktioniert einmal. Bewahren Sie die Codes sicher auf.",
		"Copied the codes to the clipboard.":                                                                                             "Die Codes wurden in die Zwischenablage kopiert.",
		"The codes are selected: press Ctrl+C (or ⌘C) to copy them.":                                                                     "Die Codes sind markiert: Drücken Sie Strg+C (oder ⌘C), um sie zu kopieren.",
		"Downloaded %s.": "%s wurde heruntergeladen.",

		// Notices.
		"Thank you, it's you. Now send the Change password form again: for the next %s it needs no code.":                                                                                                                         "Danke, Sie sind es. Senden Sie jetzt das Formular „Passwort ändern“ erneut: In den nächsten %s braucht es keinen Code.",
		"Your administrator requires an authenticator app or a security key for this account. Set one up below to go on: add a security key or passkey, or scan the QR code of an authenticator app and enter the code it shows.": "Ihr Administrator verlangt für dieses Konto eine Authenticator-App oder einen Sicherheitsschlüssel. Richten Sie unten eines davon ein, um fortzufahren: Fügen Sie einen Sicherheitsschlüssel oder Passkey hinzu, oder scannen Sie den QR-Code mit einer Authenticator-App und geben Sie den angezeigten Code ein.",
		"Your administrator requires an authenticator app for this account. Set one up below to go on: scan the QR code with the app and enter the code it shows.":                                                                "Ihr Administrator verlangt für dieses Konto eine Authenticator-App. Richten Sie unten eine ein, um fortzufahren: Scannen Sie den QR-Code mit der App und geben Sie den angezeigten Code ein.",
		"The device was revoked: it will be asked for a second factor at its next login.":                                                                                                                                         "Das Gerät wurde widerrufen: Bei seiner nächsten Anmeldung wird es nach einem zweiten Faktor gefragt.",
		"Every trusted device was revoked.":                                                                 "Alle vertrauenswürdigen Geräte wurden widerrufen.",
		"The session was ended: that browser or app is logged out.":                                         "Die Sitzung wurde beendet: Dieser Browser oder diese App ist abgemeldet.",
		"Every other session was ended: only this browser is still logged in.":                              "Alle anderen Sitzungen wurden beendet: Nur dieser Browser ist noch angemeldet.",
		"Password changed. Other sessions were signed out and trusted devices forgotten.":                   "Passwort geändert. Andere Sitzungen wurden abgemeldet und vertrauenswürdige Geräte vergessen.",
		"Email address changed. Mail about your account now goes to the new address; the old one was told.": "E-Mail-Adresse geändert. E-Mails zu Ihrem Konto gehen jetzt an die neue Adresse; die alte wurde benachrichtigt.",
		"The app's access was revoked: it was signed out and must ask again at its next sign-in.":           "Der Zugriff der App wurde entzogen: Sie wurde abgemeldet und muss bei ihrer nächsten Anmeldung erneut fragen.",
		"The site you came from needs two-factor authentication, which your account does not have yet. Turn on an authenticator app or email codes below, then open the site again and log in with it.": "Die Website, von der Sie kommen, verlangt Zwei-Faktor-Authentifizierung, die Ihr Konto noch nicht hat. Schalten Sie unten eine Authenticator-App oder E-Mail-Codes ein, öffnen Sie dann die Website erneut und melden Sie sich damit an.",
		"The site you came from needs two-factor authentication: log in again with your second factor.":                                                                                                 "Die Website, von der Sie kommen, verlangt Zwei-Faktor-Authentifizierung: Melden Sie sich erneut mit Ihrem zweiten Faktor an.",
		"The app you came from asks you to log in again.":                                       "Die App, von der Sie kommen, bittet Sie, sich erneut anzumelden.",
		"The security key was added: it now signs you in and confirms changes to your account.": "Der Sicherheitsschlüssel wurde hinzugefügt: Er meldet Sie jetzt an und bestätigt Änderungen an Ihrem Konto.",
		"The security key was renamed.":                                                         "Der Sicherheitsschlüssel wurde umbenannt.",
		"The security key was removed: it no longer signs you in.":                              "Der Sicherheitsschlüssel wurde entfernt: Er meldet Sie nicht mehr an.",
		"The authenticator app is enabled.":                                                     "Die Authenticator-App ist eingeschaltet.",
		"New recovery codes were made; the old ones no longer work.":                            "Neue Wiederherstellungscodes wurden erstellt; die alten funktionieren nicht mehr.",

		// The confirmations of changes.
		"Change your email address":                                      "Ihre E-Mail-Adresse ändern",
		"Then we send a code to %s, to check that the address is yours.": "Danach senden wir einen Code an %s, um zu prüfen, dass die Adresse Ihnen gehört.",
		"Change your password":                                           "Ihr Passwort ändern",
		"For your safety the new password is not kept while you confirm, so once your code is accepted, send the Change password form again.": "Zu Ihrer Sicherheit wird das neue Passwort nicht aufbewahrt, während Sie bestätigen. Senden Sie das Formular „Passwort ändern“ daher erneut, sobald Ihr Code angenommen ist.",
		"Confirm":             "Bestätigen",
		"Delete your account": "Ihr Konto löschen",
		"Your account is deleted for good, with its second factors, recovery codes, sessions, trusted devices and security events, and apps can no longer sign you in with it. This cannot be undone. We mail a notice to your address.": "Ihr Konto wird endgültig gelöscht, mit seinen zweiten Faktoren, Wiederherstellungscodes, Sitzungen, vertrauenswürdigen Geräten und Sicherheitsereignissen, und Apps können Sie damit nicht mehr anmelden. Das lässt sich nicht rückgängig machen. Wir senden eine Nachricht an Ihre Adresse.",
		"Delete my account": "Mein Konto löschen",
		"Whoever adds a security key or passkey can sign in with it, so confirm it's you first.": "Wer einen Sicherheitsschlüssel oder Passkey hinzufügt, kann sich damit anmelden; bestätigen Sie daher zuerst, dass Sie es sind.",
		"Remove a security key or passkey":                                       "Einen Sicherheitsschlüssel oder Passkey entfernen",
		"The key will no longer sign you in or confirm changes to your account.": "Der Schlüssel meldet Sie dann nicht mehr an und bestätigt keine Änderungen an Ihrem Konto mehr.",
		"Remove the key": "Schlüssel entfernen",

		// The Security page's activity: event labels.
		"Email address change undone":                                    "Änderung der E-Mail-Adresse rückgängig gemacht",
		"App allowed to sign you in":                                     "App darf Sie anmelden",
		"App access revoked":                                             "Zugriff einer App entzogen",
		"An app's sign-in code was used twice: its tokens were revoked":  "Der Anmeldecode einer App wurde zweimal verwendet: Die Tokens der App wurden widerrufen",
		"An app's refresh token was used twice: its tokens were revoked": "Das Aktualisierungstoken einer App wurde zweimal verwendet: Die Tokens der App wurden widerrufen",
		"Language changed":                                               "Sprache geändert",
		"Password reset link mailed":                                     "Link zum Zurücksetzen des Passworts gesendet",
		"Password reset with a mailed link":                              "Passwort mit einem gesendeten Link zurückgesetzt",
		"Server settings changed":                                        "Servereinstellungen geändert",
		"Role changed by an administrator":                               "Rolle von einem Administrator geändert",
		"Two-factor authentication reset by an administrator":            "Zwei-Faktor-Authentifizierung von einem Administrator zurückgesetzt",
		"Locks lifted by an administrator":                               "Sperren von einem Administrator aufgehoben",
		"Account disabled by an administrator":                           "Konto von einem Administrator deaktiviert",
		"Account enabled by an administrator":                            "Konto von einem Administrator aktiviert",
		"Every session ended by an administrator":                        "Alle Sitzungen von einem Administrator beendet",
		"Security key renamed":                                           "Sicherheitsschlüssel umbenannt",
		"Security key refused: it may have been copied":                  "Sicherheitsschlüssel abgelehnt: Er wurde möglicherweise kopiert",
		"Password removed: passkeys only":                                "Passwort entfernt: nur noch Passkeys",

		// Runs of repeated events: "12 failed logins and 3 wrong
		// second-factor codes from 5 addresses".
		"%[1]s and %[2]s":        "%[1]s und %[2]s",
		"%[1]s, %[2]s and %[3]s": "%[1]s, %[2]s und %[3]s",
		"%[2]s from %[1]d addresses": Plural{
			"one":   "%[2]s von %[1]d Adresse",
			"other": "%[2]s von %[1]d Adressen",
		},
		"%d failed logins":              Plural{"one": "%d fehlgeschlagene Anmeldung", "other": "%d fehlgeschlagene Anmeldungen"},
		"%d wrong second-factor codes":  Plural{"one": "%d falscher Code des zweiten Faktors", "other": "%d falsche Codes des zweiten Faktors"},
		"%d code-entry locks":           Plural{"one": "%d Sperre der Code-Eingabe", "other": "%d Sperren der Code-Eingabe"},
		"%d trusted-device revocations": Plural{"one": "%d widerrufenes vertrauenswürdiges Gerät", "other": "%d widerrufene vertrauenswürdige Geräte"},
		"%d ended sessions":             Plural{"one": "%d beendete Sitzung", "other": "%d beendete Sitzungen"},
		"%d logouts":                    Plural{"one": "%d Abmeldung", "other": "%d Abmeldungen"},
		"%d other events":               Plural{"one": "%d weiteres Ereignis", "other": "%d weitere Ereignisse"},

		// Event details.
		"with the password only":                                      "nur mit dem Passwort",
		"with the passkey %s":                                         "mit dem Passkey %s",
		"while setting up an authenticator app":                       "beim Einrichten einer Authenticator-App",
		"while changing the email address":                            "beim Ändern der E-Mail-Adresse",
		"every other session":                                         "alle anderen Sitzungen",
		"this session":                                                "diese Sitzung",
		"every trusted device":                                        "alle vertrauenswürdigen Geräte",
		"every trusted device, as the password was changed":           "alle vertrauenswürdigen Geräte, da das Passwort geändert wurde",
		"every trusted device, as the password was reset":             "alle vertrauenswürdigen Geräte, da das Passwort zurückgesetzt wurde",
		"every trusted device, as the authenticator app was disabled": "alle vertrauenswürdigen Geräte, da die Authenticator-App ausgeschaltet wurde",
		"every trusted device, as email codes were turned off":        "alle vertrauenswürdigen Geräte, da E-Mail-Codes ausgeschaltet wurden",
		"every trusted device, as the email address was changed":      "alle vertrauenswürdigen Geräte, da die E-Mail-Adresse geändert wurde",
		"every trusted device, as an email change was undone":         "alle vertrauenswürdigen Geräte, da eine Änderung der E-Mail-Adresse rückgängig gemacht wurde",
		"user":                             "Benutzer",
		"administrator":                    "Administrator",
		"passkey refused: %s":              "Passkey abgelehnt: %s",
		"a passkey of another account: %s": "ein Passkey eines anderen Kontos: %s",
		"for %s":                           "für %s",
		"from %[1]s to %[2]s":              "von %[1]s in %[2]s",
		"%[1]s: its counter went from %[2]d to %[3]d": "%[1]s: sein Zähler sprang von %[2]d auf %[3]d",
		"from %[1]s to %[2]s, %[3]s":                  "von %[1]s zu %[2]s, %[3]s",
		"by the command line":                         "über die Befehlszeile",
		"by %s":                                       "von %s",
		"unknown browser":                             "unbekannter Browser",
		"%[1]s on %[2]s":                              "%[1]s unter %[2]s",

		// The grace left to set up a second factor: "3 days 4 hours". The
		// banner says it after "innerhalb von", hence the dative.
		"%d days":           Plural{"one": "%d Tag", "other": "%d Tagen"},
		"%d hours":          Plural{"one": "%d Stunde", "other": "%d Stunden"},
		"%[1]d days %[2]s":  Plural{"one": "%[1]d Tag und %[2]s", "other": "%[1]d Tagen und %[2]s"},
		"%[1]d hours %[2]s": Plural{"one": "%[1]d Stunde und %[2]s", "other": "%[1]d Stunden und %[2]s"},

		// The error page: the status's name, and what went wrong.
		"Bad Request":                       "Ungültige Anfrage",
		"Unauthorized":                      "Nicht angemeldet",
		"Forbidden":                         "Nicht erlaubt",
		"Not Found":                         "Nicht gefunden",
		"Method Not Allowed":                "Methode nicht erlaubt",
		"Conflict":                          "Konflikt",
		"Gone":                              "Nicht mehr vorhanden",
		"Request Entity Too Large":          "Anfrage zu groß",
		"Unsupported Media Type":            "Nicht unterstütztes Format",
		"Too Many Requests":                 "Zu viele Anfragen",
		"Internal Server Error":             "Interner Serverfehler",
		"Service Unavailable":               "Dienst nicht verfügbar",
		"There is no page at this address.": "Unter dieser Adresse gibt es keine Seite.",
		"This address does not accept %s requests.": "Diese Adresse nimmt keine %s-Anfragen an.",
		"The form sent is larger than 64 KiB.":      "Das gesendete Formular ist größer als 64 KiB.",
		"The form sent could not be read.":          "Das gesendete Formular konnte nicht gelesen werden.",
		"This form was sent from another site, so nothing was done. Open the page on this site and send the form from there.": "Dieses Formular wurde von einer anderen Website gesendet, daher wurde nichts getan. Öffnen Sie die Seite auf dieser Website und senden Sie das Formular von dort.",
		"This sign-in was finished in another browser. Go back to the app and sign in again.":                                 "Diese Anmeldung wurde in einem anderen Browser abgeschlossen. Gehen Sie zurück zur App und melden Sie sich erneut an.",
		"This sign-out link is not valid. Go back to the app and sign out again.":                                             "Dieser Abmeldelink ist ungültig. Gehen Sie zurück zur App und melden Sie sich erneut ab.",
		"This sign-out form is not valid. Go back to the app and sign out again.":                                             "Dieses Abmeldeformular ist ungültig. Gehen Sie zurück zur App und melden Sie sich erneut ab.",
		"Sign-up is closed on this server: new accounts are made by an administrator. Ask yours for one.":                     "Die Registrierung ist auf diesem Server geschlossen: Neue Konten legt ein Administrator an. Bitten Sie Ihren Administrator um eines.",
		"twofa cannot reach its database just now, so nothing was done. Try again in a few seconds.":                          "twofa kann seine Datenbank gerade nicht erreichen, daher wurde nichts getan. Versuchen Sie es in ein paar Sekunden erneut.",
	})
}

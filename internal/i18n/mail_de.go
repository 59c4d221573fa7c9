package i18n

// The German mail messages (mail_keys.go), in the terms and the form of
// address of the glossary in de.go.
func init() {
	add("de", Messages{
		mailHello:               "Hallo %s,",
		mailReview:              "Die letzten Sicherheitsereignisse finden Sie unter Mein Konto -> Sicherheit.",
		mailRecoveryUsedSubject: "Ein Wiederherstellungscode wurde verwendet",
		mailRecoveryUsed: Plural{
			"=0": "Soeben wurde ein Wiederherstellungscode Ihres Kontos verwendet, um sich anzumelden oder eine Änderung zu bestätigen (von %[2]s aus). Sie haben keine unbenutzten Wiederherstellungscodes mehr.\n\n" +
				"Wenn Sie das nicht waren, kennt jemand Ihr Passwort und hat einen Wiederherstellungscode: Ändern Sie Ihr Passwort und erstellen Sie neue Wiederherstellungscodes.",
			"one": "Soeben wurde ein Wiederherstellungscode Ihres Kontos verwendet, um sich anzumelden oder eine Änderung zu bestätigen (von %[2]s aus). Sie haben noch %[1]d unbenutzten Wiederherstellungscode.\n\n" +
				"Wenn Sie das nicht waren, kennt jemand Ihr Passwort und hat einen Wiederherstellungscode: Ändern Sie Ihr Passwort und erstellen Sie neue Wiederherstellungscodes.",
			"other": "Soeben wurde ein Wiederherstellungscode Ihres Kontos verwendet, um sich anzumelden oder eine Änderung zu bestätigen (von %[2]s aus). Sie haben noch %[1]d unbenutzte Wiederherstellungscodes.\n\n" +
				"Wenn Sie das nicht waren, kennt jemand Ihr Passwort und hat einen Wiederherstellungscode: Ändern Sie Ihr Passwort und erstellen Sie neue Wiederherstellungscodes.",
		},
		mailTwoFAResetSubject: "Ihre Zwei-Faktor-Authentifizierung wurde zurückgesetzt",
		mailTwoFAReset: "Ein Administrator hat die Zwei-Faktor-Authentifizierung Ihres Kontos zurückgesetzt: Die Authenticator-App, die Wiederherstellungscodes, die Sicherheitsschlüssel und Passkeys sowie die vertrauenswürdigen Geräte wurden entfernt, und alle Sitzungen und App-Anmeldungen wurden beendet. Bis Sie wieder eine Authenticator-App einrichten, ist ein an diese Adresse gesendeter Code Ihr zweiter Faktor.\n\n" +
			"Melden Sie sich an und richten Sie unter Mein Konto -> Sicherheit Ihre Authenticator-App (und Ihre Sicherheitsschlüssel) wieder ein; hatte das Konto Passkeys und kein Passwort, wählen Sie mit „Passwort vergessen?“ auf der Anmeldeseite ein Passwort.\n\n" +
			"Wenn Sie das nicht verlangt haben, informieren Sie sofort Ihren Administrator.",
		mailDeletedSubject:   "Ihr %s-Konto wurde gelöscht",
		mailDeletedSelfFrom:  "Ihr %[1]s-Konto %[2]s wurde am %[3]s auf Ihren Wunsch (von %[4]s aus) gelöscht.",
		mailDeletedSelf:      "Ihr %[1]s-Konto %[2]s wurde am %[3]s auf Ihren Wunsch gelöscht.",
		mailDeletedAdminFrom: "Ihr %[1]s-Konto %[2]s wurde am %[3]s von einem Administrator (von %[4]s aus) gelöscht.",
		mailDeletedAdmin:     "Ihr %[1]s-Konto %[2]s wurde am %[3]s von einem Administrator gelöscht.",
		mailDeleted: "%s Alles, was es enthielt, wurde mit ihm gelöscht: seine zweiten Faktoren, Wiederherstellungscodes, Sitzungen, vertrauenswürdigen Geräte und Sicherheitsereignisse sowie der Zugriff der Apps, bei denen Sie sich damit angemeldet haben. Mit dieser Adresse können Sie sich erneut registrieren, als neues Konto.\n\n" +
			"Wenn Sie das nicht waren, wenden Sie sich an den Administrator dieses Dienstes.",
		mailDeviceTrustedSubject: "Ein neues Gerät wurde als vertrauenswürdig gespeichert",
		mailDeviceTrusted: Plural{
			"one": "Ein Gerät wurde als vertrauenswürdig gespeichert und überspringt %[1]d Tag lang den zweiten Schritt:\n\n" +
				"  Adresse: %[2]s\n  Browser: %[3]s\n\n" +
				"Wenn Sie das nicht waren, widerrufen Sie es unter Mein Konto -> Sicherheit und ändern Sie Ihr Passwort.",
			"other": "Ein Gerät wurde als vertrauenswürdig gespeichert und überspringt %[1]d Tage lang den zweiten Schritt:\n\n" +
				"  Adresse: %[2]s\n  Browser: %[3]s\n\n" +
				"Wenn Sie das nicht waren, widerrufen Sie es unter Mein Konto -> Sicherheit und ändern Sie Ihr Passwort.",
		},
		mailEmailChangedSubject: "Ihre E-Mail-Adresse wurde geändert",
		mailEmailChanged:        "Die E-Mail-Adresse Ihres Kontos wurde in %s geändert. E-Mails zu Ihrem Konto und E-Mail-Codes gehen jetzt dorthin; Ihre anderen Sitzungen wurden abgemeldet und vertrauenswürdige Geräte vergessen.",
		mailEmailUndo: Plural{
			"one": "Wenn Sie das nicht waren, öffnen Sie innerhalb von %[1]d Tag diesen Link, um diese Adresse wiederherzustellen und alle abzumelden:\n\n" +
				"    %[2]s\n\n" +
				"Ändern Sie danach Ihr Passwort.",
			"other": "Wenn Sie das nicht waren, öffnen Sie innerhalb von %[1]d Tagen diesen Link, um diese Adresse wiederherzustellen und alle abzumelden:\n\n" +
				"    %[2]s\n\n" +
				"Ändern Sie danach Ihr Passwort.",
		},
		mailEmailBackSubject: "Ihre E-Mail-Adresse wurde wiederhergestellt",
		mailEmailBack: "Die E-Mail-Adresse Ihres Kontos ist wieder %[1]s (sie war in %[2]s geändert worden), und alle Sitzungen wurden abgemeldet.\n\n" +
			"Jemand kennt womöglich Ihr Passwort: Melden Sie sich an und ändern Sie es jetzt.",
		mailEmailBackPassword: "Die E-Mail-Adresse Ihres Kontos ist wieder %[1]s (sie war in %[2]s geändert worden), und alle Sitzungen wurden abgemeldet. Das Passwort war seitdem geändert worden; es ist wieder das, das Sie vor der Änderung hatten.\n\n" +
			"Jemand kennt womöglich Ihr Passwort: Melden Sie sich an und ändern Sie es jetzt.",
		mailLockedSubject: "Die Code-Eingabe auf einem Ihrer Geräte ist gesperrt",
		mailLockedUnknown: "Jemand hat für Ihr Konto %[1]d-mal einen falschen Code oder ein falsches Passwort eingegeben, und zwar von einem Gerät, das noch nie bei Ihrem Konto angemeldet war (%[2]s). Deshalb haben wir die Code-Eingabe dort bis %[3]s gesperrt; Ihre anderen Geräte sind nicht betroffen.\n\n" +
			"Wenn Sie das nicht waren, kennt die Person womöglich Ihr Passwort: Ändern Sie es, sobald Sie sich anmelden können.",
		mailLockedKnown: "Jemand hat für Ihr Konto %[1]d-mal einen falschen Code oder ein falsches Passwort eingegeben, und zwar von einem Gerät, das bereits bei Ihrem Konto angemeldet war, oder aus einer Sitzung Ihres Kontos (%[2]s). Deshalb haben wir die Code-Eingabe dort bis %[3]s gesperrt; Ihre anderen Geräte sind nicht betroffen.\n\n" +
			"Wenn Sie das nicht waren, kennt die Person womöglich Ihr Passwort: Ändern Sie es, sobald Sie sich anmelden können.",
		mailPasswordRemovedSubject: "Ihr Konto hat kein Passwort mehr",
		mailPasswordRemoved: "Das Passwort Ihres Kontos wurde entfernt: Die Anmeldung erfolgt jetzt nur noch mit seinen Passkeys.\n\n" +
			"Wenn Sie das nicht waren, hat jemand Zugriff auf Ihr Konto: Setzen Sie Ihr Passwort mit „Passwort vergessen?“ auf der Anmeldeseite zurück.",
		mailTOTPDisabledSubject: "Ihre Authenticator-App wurde ausgeschaltet",
		mailTOTPDisabled: "Die Authenticator-App (TOTP) ist kein zweiter Faktor Ihres Kontos mehr, und vertrauenswürdige Geräte wurden vergessen.\n\n" +
			"Wenn Sie das nicht waren, melden Sie sich an, ändern Sie Ihr Passwort und schalten Sie die App wieder ein.",
		mailEmail2FAOffSubject: "E-Mail-Codes wurden ausgeschaltet",
		mailEmail2FAOff: "An diese Adresse gesendete Codes sind kein zweiter Faktor Ihres Kontos mehr, und vertrauenswürdige Geräte wurden vergessen.\n\n" +
			"Wenn Sie das nicht waren, melden Sie sich an, ändern Sie Ihr Passwort und schalten Sie sie wieder ein.",
		mailRecoveryRegenSubject: "Neue Wiederherstellungscodes wurden erstellt",
		mailRecoveryRegen: "Ihre Wiederherstellungscodes wurden neu erstellt; die alten funktionieren nicht mehr.\n\n" +
			"Wenn Sie das nicht waren, hat jemand Zugriff auf Ihr Konto: Ändern Sie Ihr Passwort.",
		mailTOTPEnabledSubject: "Eine Authenticator-App wurde eingeschaltet",
		mailTOTPEnabled: "Eine Authenticator-App (TOTP) wurde als zweiter Faktor Ihres Kontos eingeschaltet, und neue Wiederherstellungscodes wurden erstellt.\n\n" +
			"Wenn Sie das nicht waren, hat jemand Zugriff auf Ihr Konto: Melden Sie sich an, schalten Sie die App aus und ändern Sie Ihr Passwort.",
		mailCloneSubject: "Ein Sicherheitsschlüssel Ihres Kontos wurde womöglich kopiert",
		mailClone: "Ihr Sicherheitsschlüssel %[1]q hat sich von %[2]s aus mit dem Signaturzähler %[3]d angemeldet, hatte aber bereits %[4]d erreicht. Ein echter Schlüssel zählt nur aufwärts, es gibt also womöglich eine Kopie davon; die Anmeldung wurde abgelehnt.\n\n" +
			"Wenn Sie diesen Schlüssel nicht gerade verwendet haben, entfernen Sie ihn unter Mein Konto -> Sicherheit und ändern Sie Ihr Passwort.",
		mailKeyAddedSubject: "Ihrem Konto wurde ein Sicherheitsschlüssel hinzugefügt",
		mailKeyAdded: "Der Sicherheitsschlüssel oder Passkey %[1]q wurde Ihrem Konto hinzugefügt (von %[2]s aus); damit kann man sich jetzt anmelden.\n\n" +
			"Wenn Sie das nicht waren, hat jemand Zugriff auf Ihr Konto: Entfernen Sie ihn unter Mein Konto -> Sicherheit und ändern Sie Ihr Passwort.",
		mailKeyRemovedSubject: "Ein Sicherheitsschlüssel wurde aus Ihrem Konto entfernt",
		mailKeyRemoved: "Der Sicherheitsschlüssel oder Passkey %[1]q wurde aus Ihrem Konto entfernt (von %[2]s aus); damit kann man sich nicht mehr anmelden.\n\n" +
			"Wenn Sie das nicht waren, hat jemand Zugriff auf Ihr Konto: Ändern Sie Ihr Passwort.",
		mailPasswordChangedSubject: "Ihr Passwort wurde geändert",
		mailPasswordChanged: "Das Passwort Ihres Kontos wurde geändert; andere Sitzungen wurden abgemeldet und vertrauenswürdige Geräte vergessen.\n\n" +
			"Wenn Sie das nicht waren, hat jemand Zugriff auf Ihr Konto: Melden Sie sich mit einem Wiederherstellungscode an und ändern Sie das Passwort zurück.",
		mailPasswordResetSubject: "Ihr Passwort wurde zurückgesetzt",
		mailPasswordResetFrom: "Das Passwort Ihres Kontos wurde mit einem an diese Adresse gesendeten Link zurückgesetzt (von %s aus). Alle Sitzungen wurden abgemeldet, Apps abgemeldet und vertrauenswürdige Geräte vergessen. Die Zwei-Faktor-Authentifizierung ist unverändert: Wenn das Konto sie hat, fragt die Anmeldung weiterhin nach Ihrem zweiten Faktor.\n\n" +
			"Wenn Sie das nicht waren, kann jemand Ihre E-Mails lesen: Sichern Sie zuerst Ihr Postfach und wählen Sie dann mit „Passwort vergessen?“ auf der Anmeldeseite ein neues Passwort.",
		mailPasswordReset: "Das Passwort Ihres Kontos wurde mit einem an diese Adresse gesendeten Link zurückgesetzt. Alle Sitzungen wurden abgemeldet, Apps abgemeldet und vertrauenswürdige Geräte vergessen. Die Zwei-Faktor-Authentifizierung ist unverändert: Wenn das Konto sie hat, fragt die Anmeldung weiterhin nach Ihrem zweiten Faktor.\n\n" +
			"Wenn Sie das nicht waren, kann jemand Ihre E-Mails lesen: Sichern Sie zuerst Ihr Postfach und wählen Sie dann mit „Passwort vergessen?“ auf der Anmeldeseite ein neues Passwort.",
	})
}

package i18n

// The French texts of the user pages that fr.go lacks: an app's consent
// and sign-out, a deleted account, a new email address's code, adding a
// security key, the notices, the confirmations of changes, the Security
// page's activity and the texts the scripts show. Terms, form of address
// ("vous") and spacing as in the glossary of fr.go.
func init() {
	add("fr", Messages{
		// An app's consent and sign-out.
		"Allow %s to sign you in?":                                     "Autoriser %s à vous connecter ?",
		"You are signed in to %[1]s as <strong>%[2]s</strong>.":        "Vous êtes connecté à %[1]s en tant que <strong>%[2]s</strong>.",
		"<strong>%s</strong> will get:":                                "<strong>%s</strong> obtiendra :",
		"a stable identifier of your account (not your email address)": "un identifiant stable de votre compte (pas votre adresse e-mail)",
		"your email address, and whether it has been confirmed":        "votre adresse e-mail, et si elle a été confirmée",
		"your name": "votre nom",
		"access while you are away, until you revoke it": "un accès en votre absence, jusqu'à ce que vous le révoquiez",
		"It will not get your password or your second factors. You can take this access back at any time under Security › Apps with access.": "Elle n'obtiendra ni votre mot de passe ni vos seconds facteurs. Vous pouvez lui retirer cet accès à tout moment sous Sécurité › Applications autorisées.",
		"Allow":                 "Autoriser",
		"Deny":                  "Refuser",
		"Sign out":              "Se déconnecter",
		"Signed out of the app": "Déconnecté de l'application",
		"The app has signed you out. You are still signed in to %s in this browser, so other apps can sign you in without a password.": "L'application vous a déconnecté. Vous êtes toujours connecté à %s dans ce navigateur : d'autres applications peuvent donc vous connecter sans mot de passe.",
		"Sign out of %s too": "Se déconnecter aussi de %s",
		"Stay signed in":     "Rester connecté",
		"The app has signed you out, and you are not signed in to %s in this browser.": "L'application vous a déconnecté, et vous n'êtes pas connecté à %s dans ce navigateur.",

		// A deleted account.
		"Account deleted":          "Compte supprimé",
		"Your account was deleted": "Votre compte a été supprimé",
		"Your account and everything in it are gone, and this browser is logged out.":                      "Votre compte et tout ce qu'il contenait ont disparu, et ce navigateur est déconnecté.",
		"We mailed a notice to your address. You may sign up again with it at any time, as a new account.": "Nous avons envoyé un avis à votre adresse. Vous pouvez vous réinscrire avec elle à tout moment, comme nouveau compte.",

		// The code of a new email address.
		"Confirm your new email address":                  "Confirmez votre nouvelle adresse e-mail",
		"We sent a code to %[1]s. It is valid for %[2]s.": "Nous avons envoyé un code à %[1]s. Il est valable %[2]s.",
		"Code from the email":                             "Code reçu par e-mail",
		"Email me a new code":                             "M'envoyer un nouveau code par e-mail",

		// Adding a security key.
		"Name the key, then press the button and follow your browser: touch your security key, or confirm with your fingerprint, face or device PIN to make a passkey.": "Nommez la clé, puis appuyez sur le bouton et suivez votre navigateur : touchez votre clé de sécurité, ou confirmez avec votre empreinte digitale, votre visage ou le code PIN de votre appareil pour créer une clé d'accès.",
		"e.g. YubiKey, or Laptop": "p. ex. YubiKey, ou Portable",
		"So you can tell your keys apart. Leave it empty for a name like “Passkey 1”.": "Pour distinguer vos clés. Laissez vide pour un nom comme « Passkey 1 ».",
		"Add the key": "Ajouter la clé",
		"Adding a security key needs a browser with JavaScript on that supports them.": "Ajouter une clé de sécurité demande un navigateur qui les prend en charge avec JavaScript activé.",

		// The texts of static/webauthn.js and static/recovery.js.
		"The request was cancelled or timed out, or no security key or passkey of this site answered. Try again, or use another method.": "La demande a été annulée ou a expiré, ou aucune clé de sécurité ni clé d'accès de ce site n'a répondu. Réessayez, ou utilisez une autre méthode.",
		"This security key is already registered to your account.":                                                                       "Cette clé de sécurité est déjà enregistrée sur votre compte.",
		"Your browser refused the request: open this site at its own address, over https.":                                               "Votre navigateur a refusé la demande : ouvrez ce site à sa propre adresse, en https.",
		"This security key does not support what this site asks for.":                                                                    "Cette clé de sécurité ne prend pas en charge ce que demande ce site.",
		"The security key request failed.":                                                                                               "La demande à la clé de sécurité a échoué.",
		"The server did not start the security key request. Reload the page and try again.":                                              "Le serveur n'a pas lancé la demande à la clé de sécurité. Rechargez la page et réessayez.",
		"%[1]s recovery codes for %[2]s":                                                                                                 "Codes de récupération %[1]s de %[2]s",
		"Each code works once. Keep them somewhere safe.":                                                                                "Chaque code fonctionne une fois. Conservez-les en lieu sûr.",
		"Copied the codes to the clipboard.":                                                                                             "Codes copiés dans le presse-papiers.",
		"The codes are selected: press Ctrl+C (or ⌘C) to copy them.":                                                                     "Les codes sont sélectionnés : appuyez sur Ctrl+C (ou ⌘C) pour les copier.",
		"Downloaded %s.": "%s téléchargé.",

		// Notices.
		"Thank you, it's you. Now send the Change password form again: for the next %s it needs no code.":                                                                                                                         "Merci, c'est bien vous. Envoyez maintenant à nouveau le formulaire « Changer le mot de passe » : pendant les %s à venir, aucun code n'est demandé.",
		"Your administrator requires an authenticator app or a security key for this account. Set one up below to go on: add a security key or passkey, or scan the QR code of an authenticator app and enter the code it shows.": "Votre administrateur exige une application d'authentification ou une clé de sécurité pour ce compte. Configurez-en une ci-dessous pour continuer : ajoutez une clé de sécurité ou une clé d'accès, ou scannez le code QR avec une application d'authentification et saisissez le code qu'elle affiche.",
		"Your administrator requires an authenticator app for this account. Set one up below to go on: scan the QR code with the app and enter the code it shows.":                                                                "Votre administrateur exige une application d'authentification pour ce compte. Configurez-en une ci-dessous pour continuer : scannez le code QR avec l'application et saisissez le code qu'elle affiche.",
		"The device was revoked: it will be asked for a second factor at its next login.":                                                                                                                                         "L'appareil a été révoqué : un second facteur lui sera demandé à sa prochaine connexion.",
		"Every trusted device was revoked.":                                                                 "Tous les appareils de confiance ont été révoqués.",
		"The session was ended: that browser or app is logged out.":                                         "La session a été fermée : ce navigateur ou cette application est déconnecté.",
		"Every other session was ended: only this browser is still logged in.":                              "Toutes les autres sessions ont été fermées : seul ce navigateur est encore connecté.",
		"Password changed. Other sessions were signed out and trusted devices forgotten.":                   "Mot de passe changé. Les autres sessions ont été déconnectées et les appareils de confiance oubliés.",
		"Email address changed. Mail about your account now goes to the new address; the old one was told.": "Adresse e-mail changée. Les e-mails concernant votre compte vont désormais à la nouvelle adresse ; l'ancienne a été prévenue.",
		"The app's access was revoked: it was signed out and must ask again at its next sign-in.":           "L'accès de l'application a été révoqué : elle a été déconnectée et devra redemander l'accès à sa prochaine connexion.",
		"The site you came from needs two-factor authentication, which your account does not have yet. Turn on an authenticator app or email codes below, then open the site again and log in with it.": "Le site d'où vous venez exige l'authentification à deux facteurs, que votre compte n'a pas encore. Activez ci-dessous une application d'authentification ou les codes par e-mail, puis rouvrez le site et connectez-vous avec.",
		"The site you came from needs two-factor authentication: log in again with your second factor.":                                                                                                 "Le site d'où vous venez exige l'authentification à deux facteurs : connectez-vous à nouveau avec votre second facteur.",
		"The app you came from asks you to log in again.":                                       "L'application d'où vous venez vous demande de vous connecter à nouveau.",
		"The security key was added: it now signs you in and confirms changes to your account.": "La clé de sécurité a été ajoutée : elle vous connecte désormais et confirme les changements de votre compte.",
		"The security key was renamed.":                                                         "La clé de sécurité a été renommée.",
		"The security key was removed: it no longer signs you in.":                              "La clé de sécurité a été retirée : elle ne vous connecte plus.",
		"The authenticator app is enabled.":                                                     "L'application d'authentification est activée.",
		"New recovery codes were made; the old ones no longer work.":                            "De nouveaux codes de récupération ont été créés ; les anciens ne fonctionnent plus.",

		// The confirmations of changes.
		"Change your email address":                                      "Changer votre adresse e-mail",
		"Then we send a code to %s, to check that the address is yours.": "Nous enverrons ensuite un code à %s, pour vérifier que l'adresse est bien la vôtre.",
		"Change your password":                                           "Changer votre mot de passe",
		"For your safety the new password is not kept while you confirm, so once your code is accepted, send the Change password form again.": "Pour votre sécurité, le nouveau mot de passe n'est pas conservé pendant la confirmation : une fois votre code accepté, envoyez à nouveau le formulaire « Changer le mot de passe ».",
		"Confirm":             "Confirmer",
		"Delete your account": "Supprimer votre compte",
		"Your account is deleted for good, with its second factors, recovery codes, sessions, trusted devices and security events, and apps can no longer sign you in with it. This cannot be undone. We mail a notice to your address.": "Votre compte est supprimé définitivement, avec ses seconds facteurs, codes de récupération, sessions, appareils de confiance et événements de sécurité, et les applications ne peuvent plus vous connecter avec lui. C'est irréversible. Nous envoyons un avis à votre adresse.",
		"Delete my account": "Supprimer mon compte",
		"Whoever adds a security key or passkey can sign in with it, so confirm it's you first.": "Quiconque ajoute une clé de sécurité ou une clé d'accès peut se connecter avec elle : confirmez donc d'abord que c'est bien vous.",
		"Remove a security key or passkey":                                       "Retirer une clé de sécurité ou une clé d'accès",
		"The key will no longer sign you in or confirm changes to your account.": "La clé ne vous connectera plus et ne confirmera plus les changements de votre compte.",
		"Remove the key": "Retirer la clé",

		// The Security page's activity: event labels.
		"Email address change undone":                                    "Changement d'adresse e-mail annulé",
		"App allowed to sign you in":                                     "Application autorisée à vous connecter",
		"App access revoked":                                             "Accès d'une application révoqué",
		"An app's sign-in code was used twice: its tokens were revoked":  "Le code de connexion d'une application a servi deux fois : ses jetons ont été révoqués",
		"An app's refresh token was used twice: its tokens were revoked": "Le jeton d'actualisation d'une application a servi deux fois : ses jetons ont été révoqués",
		"Language changed":                                               "Langue changée",
		"Password reset link mailed":                                     "Lien de réinitialisation du mot de passe envoyé",
		"Password reset with a mailed link":                              "Mot de passe réinitialisé avec un lien envoyé par e-mail",
		"Server settings changed":                                        "Paramètres du serveur modifiés",
		"Role changed by an administrator":                               "Rôle modifié par un administrateur",
		"Two-factor authentication reset by an administrator":            "Authentification à deux facteurs réinitialisée par un administrateur",
		"Locks lifted by an administrator":                               "Blocages levés par un administrateur",
		"Account disabled by an administrator":                           "Compte désactivé par un administrateur",
		"Account enabled by an administrator":                            "Compte réactivé par un administrateur",
		"Every session ended by an administrator":                        "Toutes les sessions fermées par un administrateur",
		"Security key renamed":                                           "Clé de sécurité renommée",
		"Security key refused: it may have been copied":                  "Clé de sécurité refusée : elle a peut-être été copiée",
		"Password removed: passkeys only":                                "Mot de passe supprimé : clés d'accès uniquement",

		// Runs of repeated events: "12 failed logins and 3 wrong
		// second-factor codes from 5 addresses".
		"%[1]s and %[2]s":        "%[1]s et %[2]s",
		"%[1]s, %[2]s and %[3]s": "%[1]s, %[2]s et %[3]s",
		"%[2]s from %[1]d addresses": Plural{
			"one":   "%[2]s depuis %[1]d adresse",
			"other": "%[2]s depuis %[1]d adresses",
		},
		"%d failed logins":              Plural{"one": "%d échec de connexion", "other": "%d échecs de connexion"},
		"%d wrong second-factor codes":  Plural{"one": "%d code de second facteur incorrect", "other": "%d codes de second facteur incorrects"},
		"%d code-entry locks":           Plural{"one": "%d blocage de la saisie des codes", "other": "%d blocages de la saisie des codes"},
		"%d trusted-device revocations": Plural{"one": "%d révocation d'appareil de confiance", "other": "%d révocations d'appareils de confiance"},
		"%d ended sessions":             Plural{"one": "%d session fermée", "other": "%d sessions fermées"},
		"%d logouts":                    Plural{"one": "%d déconnexion", "other": "%d déconnexions"},
		"%d other events":               Plural{"one": "%d autre événement", "other": "%d autres événements"},

		// Event details.
		"with the password only":                                      "avec le mot de passe seul",
		"with the passkey %s":                                         "avec la clé d'accès %s",
		"while setting up an authenticator app":                       "lors de la configuration d'une application d'authentification",
		"while changing the email address":                            "lors du changement d'adresse e-mail",
		"every other session":                                         "toutes les autres sessions",
		"this session":                                                "cette session",
		"every trusted device":                                        "tous les appareils de confiance",
		"every trusted device, as the password was changed":           "tous les appareils de confiance, car le mot de passe a été changé",
		"every trusted device, as the password was reset":             "tous les appareils de confiance, car le mot de passe a été réinitialisé",
		"every trusted device, as the authenticator app was disabled": "tous les appareils de confiance, car l'application d'authentification a été désactivée",
		"every trusted device, as email codes were turned off":        "tous les appareils de confiance, car les codes par e-mail ont été désactivés",
		"every trusted device, as the email address was changed":      "tous les appareils de confiance, car l'adresse e-mail a été changée",
		"every trusted device, as an email change was undone":         "tous les appareils de confiance, car un changement d'adresse e-mail a été annulé",
		"user":                             "utilisateur",
		"administrator":                    "administrateur",
		"passkey refused: %s":              "clé d'accès refusée : %s",
		"a passkey of another account: %s": "une clé d'accès d'un autre compte : %s",
		"for %s":                           "pendant %s",
		"from %[1]s to %[2]s":              "de %[1]s en %[2]s",
		"%[1]s: its counter went from %[2]d to %[3]d": "%[1]s : son compteur est passé de %[2]d à %[3]d",
		"from %[1]s to %[2]s, %[3]s":                  "de %[1]s à %[2]s, %[3]s",
		"by the command line":                         "en ligne de commande",
		"by %s":                                       "par %s",
		"unknown browser":                             "navigateur inconnu",
		"%[1]s on %[2]s":                              "%[1]s sous %[2]s",

		// The grace left to set up a second factor: "3 days 4 hours",
		// after "d'ici".
		"%d days":           Plural{"one": "%d jour", "other": "%d jours"},
		"%d hours":          Plural{"one": "%d heure", "other": "%d heures"},
		"%[1]d days %[2]s":  Plural{"one": "%[1]d jour et %[2]s", "other": "%[1]d jours et %[2]s"},
		"%[1]d hours %[2]s": Plural{"one": "%[1]d heure et %[2]s", "other": "%[1]d heures et %[2]s"},
	})
}

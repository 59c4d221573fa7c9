package i18n

// The French mail messages (mail_keys.go), in the terms and the form of
// address of the glossary in fr.go.
func init() {
	add("fr", Messages{
		mailHello:               "Bonjour %s,",
		mailReview:              "Vous pouvez consulter les événements de sécurité récents dans Mon compte -> Sécurité.",
		mailRecoveryUsedSubject: "Un code de récupération a été utilisé",
		mailRecoveryUsed: Plural{
			"=0": "Un code de récupération de votre compte vient d'être utilisé pour se connecter ou pour confirmer une modification (depuis %[2]s). Il ne vous reste aucun code de récupération inutilisé.\n\n" +
				"Si ce n'était pas vous, quelqu'un connaît votre mot de passe et possède un code de récupération : changez votre mot de passe et générez de nouveaux codes de récupération.",
			"one": "Un code de récupération de votre compte vient d'être utilisé pour se connecter ou pour confirmer une modification (depuis %[2]s). Il vous reste %[1]d code de récupération inutilisé.\n\n" +
				"Si ce n'était pas vous, quelqu'un connaît votre mot de passe et possède un code de récupération : changez votre mot de passe et générez de nouveaux codes de récupération.",
			"other": "Un code de récupération de votre compte vient d'être utilisé pour se connecter ou pour confirmer une modification (depuis %[2]s). Il vous reste %[1]d codes de récupération inutilisés.\n\n" +
				"Si ce n'était pas vous, quelqu'un connaît votre mot de passe et possède un code de récupération : changez votre mot de passe et générez de nouveaux codes de récupération.",
		},
		mailTwoFAResetSubject: "Votre authentification à deux facteurs a été réinitialisée",
		mailTwoFAReset: "Un administrateur a réinitialisé l'authentification à deux facteurs de votre compte : l'application d'authentification, les codes de récupération, les clés de sécurité et clés d'accès, ainsi que les appareils de confiance ont été supprimés, et toutes les sessions et connexions d'applications ont pris fin. Tant que vous n'aurez pas configuré à nouveau une application d'authentification, un code envoyé à cette adresse sera votre second facteur.\n\n" +
			"Connectez-vous, puis allez dans Mon compte -> Sécurité pour configurer à nouveau votre application d'authentification (et vos clés de sécurité) ; si le compte avait des clés d'accès et aucun mot de passe, choisissez un mot de passe avec « Mot de passe oublié ? » sur la page de connexion.\n\n" +
			"Si vous ne l'avez pas demandé, prévenez immédiatement votre administrateur.",
		mailDeletedSubject:   "Votre compte %s a été supprimé",
		mailDeletedSelfFrom:  "Votre compte %[1]s %[2]s a été supprimé à votre demande (depuis %[4]s) le %[3]s.",
		mailDeletedSelf:      "Votre compte %[1]s %[2]s a été supprimé à votre demande le %[3]s.",
		mailDeletedAdminFrom: "Votre compte %[1]s %[2]s a été supprimé par un administrateur (depuis %[4]s) le %[3]s.",
		mailDeletedAdmin:     "Votre compte %[1]s %[2]s a été supprimé par un administrateur le %[3]s.",
		mailDeleted: "%s Tout ce qu'il contenait a disparu avec lui : ses seconds facteurs, codes de récupération, sessions, appareils de confiance, événements de sécurité, ainsi que l'accès des applications auxquelles il vous connectait. Cette adresse peut s'inscrire à nouveau, comme nouveau compte.\n\n" +
			"Si ce n'était pas vous, contactez l'administrateur de ce service.",
		mailDeviceTrustedSubject: "Un nouvel appareil de confiance a été ajouté",
		mailDeviceTrusted: Plural{
			"one": "Un appareil a été configuré pour sauter la seconde étape pendant %[1]d jour :\n\n" +
				"  adresse : %[2]s\n  navigateur : %[3]s\n\n" +
				"Si ce n'était pas vous, révoquez-le dans Mon compte -> Sécurité et changez votre mot de passe.",
			"other": "Un appareil a été configuré pour sauter la seconde étape pendant %[1]d jours :\n\n" +
				"  adresse : %[2]s\n  navigateur : %[3]s\n\n" +
				"Si ce n'était pas vous, révoquez-le dans Mon compte -> Sécurité et changez votre mot de passe.",
		},
		mailEmailChangedSubject: "Votre adresse e-mail a été modifiée",
		mailEmailChanged:        "L'adresse e-mail de votre compte a été remplacée par %s. Les e-mails concernant votre compte et les codes par e-mail y sont désormais envoyés ; vos autres sessions ont été déconnectées et les appareils de confiance oubliés.",
		mailEmailUndo: Plural{
			"one": "Si ce n'était pas vous, ouvrez ce lien dans un délai de %[1]d jour pour rétablir cette adresse et déconnecter tout le monde :\n\n" +
				"    %[2]s\n\n" +
				"Changez ensuite votre mot de passe.",
			"other": "Si ce n'était pas vous, ouvrez ce lien dans un délai de %[1]d jours pour rétablir cette adresse et déconnecter tout le monde :\n\n" +
				"    %[2]s\n\n" +
				"Changez ensuite votre mot de passe.",
		},
		mailEmailBackSubject: "Votre adresse e-mail a été rétablie",
		mailEmailBack: "L'adresse e-mail de votre compte est de nouveau %[1]s (elle avait été remplacée par %[2]s), et toutes les sessions ont été déconnectées.\n\n" +
			"Quelqu'un connaît peut-être votre mot de passe : connectez-vous et changez-le maintenant.",
		mailEmailBackPassword: "L'adresse e-mail de votre compte est de nouveau %[1]s (elle avait été remplacée par %[2]s), et toutes les sessions ont été déconnectées. Le mot de passe avait été changé entre-temps ; c'est de nouveau celui que vous aviez avant la modification.\n\n" +
			"Quelqu'un connaît peut-être votre mot de passe : connectez-vous et changez-le maintenant.",
		mailLockedSubject: "La saisie des codes est verrouillée sur l'un de vos appareils",
		mailLockedUnknown: Plural{
			"one": "Quelqu'un a saisi %[1]d code ou mot de passe erroné pour votre compte depuis un appareil qui ne s'était encore jamais connecté à votre compte (%[2]s) ; nous y avons donc verrouillé la saisie des codes jusqu'au %[3]s. Vos autres appareils ne sont pas concernés.\n\n" +
				"Si ce n'était pas vous, cette personne connaît peut-être votre mot de passe : changez-le dès que vous pourrez vous connecter.",
			"other": "Quelqu'un a saisi %[1]d codes ou mots de passe erronés pour votre compte depuis un appareil qui ne s'était encore jamais connecté à votre compte (%[2]s) ; nous y avons donc verrouillé la saisie des codes jusqu'au %[3]s. Vos autres appareils ne sont pas concernés.\n\n" +
				"Si ce n'était pas vous, cette personne connaît peut-être votre mot de passe : changez-le dès que vous pourrez vous connecter.",
		},
		mailLockedKnown: Plural{
			"one": "Quelqu'un a saisi %[1]d code ou mot de passe erroné pour votre compte depuis un appareil ou une session déjà connectés à votre compte (%[2]s) ; nous y avons donc verrouillé la saisie des codes jusqu'au %[3]s. Vos autres appareils ne sont pas concernés.\n\n" +
				"Si ce n'était pas vous, cette personne connaît peut-être votre mot de passe : changez-le dès que vous pourrez vous connecter.",
			"other": "Quelqu'un a saisi %[1]d codes ou mots de passe erronés pour votre compte depuis un appareil ou une session déjà connectés à votre compte (%[2]s) ; nous y avons donc verrouillé la saisie des codes jusqu'au %[3]s. Vos autres appareils ne sont pas concernés.\n\n" +
				"Si ce n'était pas vous, cette personne connaît peut-être votre mot de passe : changez-le dès que vous pourrez vous connecter.",
		},
		mailPasswordRemovedSubject: "Votre compte n'a plus de mot de passe",
		mailPasswordRemoved: "Le mot de passe de votre compte a été supprimé : il se connecte désormais uniquement avec ses clés d'accès.\n\n" +
			"Si ce n'était pas vous, quelqu'un a accès à votre compte : réinitialisez votre mot de passe avec « Mot de passe oublié ? » sur la page de connexion.",
		mailTOTPDisabledSubject: "Votre application d'authentification a été désactivée",
		mailTOTPDisabled: "L'application d'authentification (TOTP) n'est plus un second facteur de votre compte, et les appareils de confiance ont été oubliés.\n\n" +
			"Si ce n'était pas vous, connectez-vous, changez votre mot de passe et réactivez-la.",
		mailEmail2FAOffSubject: "Les codes par e-mail ont été désactivés",
		mailEmail2FAOff: "Les codes envoyés à cette adresse ne sont plus un second facteur de votre compte, et les appareils de confiance ont été oubliés.\n\n" +
			"Si ce n'était pas vous, connectez-vous, changez votre mot de passe et réactivez-les.",
		mailRecoveryRegenSubject: "De nouveaux codes de récupération ont été générés",
		mailRecoveryRegen: "Vos codes de récupération ont été régénérés ; les anciens ne fonctionnent plus.\n\n" +
			"Si ce n'était pas vous, quelqu'un a accès à votre compte : changez votre mot de passe.",
		mailTOTPEnabledSubject: "Une application d'authentification a été activée",
		mailTOTPEnabled: "Une application d'authentification (TOTP) a été activée comme second facteur de votre compte, et un nouveau jeu de codes de récupération a été généré.\n\n" +
			"Si ce n'était pas vous, quelqu'un a accès à votre compte : connectez-vous, désactivez-la et changez votre mot de passe.",
		mailCloneSubject: "Une clé de sécurité de votre compte a peut-être été copiée",
		mailClone: "Votre clé de sécurité %[1]q s'est connectée depuis %[2]s avec un compteur de signatures de %[3]d, alors qu'elle avait déjà atteint %[4]d. Une vraie clé ne fait qu'augmenter ce compteur : il en existe donc peut-être une copie ; la connexion a été refusée.\n\n" +
			"Si vous n'avez pas utilisé cette clé à l'instant, retirez-la dans Mon compte -> Sécurité et changez votre mot de passe.",
		mailKeyAddedSubject: "Une clé de sécurité a été ajoutée à votre compte",
		mailKeyAdded: "La clé de sécurité ou clé d'accès %[1]q a été ajoutée à votre compte (depuis %[2]s) ; elle permet désormais de se connecter.\n\n" +
			"Si ce n'était pas vous, quelqu'un a accès à votre compte : retirez-la dans Mon compte -> Sécurité et changez votre mot de passe.",
		mailKeyRemovedSubject: "Une clé de sécurité a été retirée de votre compte",
		mailKeyRemoved: "La clé de sécurité ou clé d'accès %[1]q a été retirée de votre compte (depuis %[2]s) ; elle ne permet plus de se connecter.\n\n" +
			"Si ce n'était pas vous, quelqu'un a accès à votre compte : changez votre mot de passe.",
		mailPasswordChangedSubject: "Votre mot de passe a été changé",
		mailPasswordChanged: "Le mot de passe de votre compte a été changé ; les autres sessions ont été déconnectées et les appareils de confiance oubliés.\n\n" +
			"Si ce n'était pas vous, quelqu'un a accès à votre compte : connectez-vous avec un code de récupération et remettez l'ancien mot de passe.",
		mailPasswordResetSubject: "Votre mot de passe a été réinitialisé",
		mailPasswordResetFrom: "Le mot de passe de votre compte a été réinitialisé avec un lien envoyé à cette adresse (depuis %s). Toutes les sessions ont été déconnectées, les applications déconnectées et les appareils de confiance oubliés. L'authentification à deux facteurs n'a pas changé : si le compte l'utilise, la connexion demande toujours votre second facteur.\n\n" +
			"Si ce n'était pas vous, quelqu'un peut lire vos e-mails : sécurisez d'abord votre messagerie, puis utilisez « Mot de passe oublié ? » sur la page de connexion pour choisir un nouveau mot de passe.",
		mailPasswordReset: "Le mot de passe de votre compte a été réinitialisé avec un lien envoyé à cette adresse. Toutes les sessions ont été déconnectées, les applications déconnectées et les appareils de confiance oubliés. L'authentification à deux facteurs n'a pas changé : si le compte l'utilise, la connexion demande toujours votre second facteur.\n\n" +
			"Si ce n'était pas vous, quelqu'un peut lire vos e-mails : sécurisez d'abord votre messagerie, puis utilisez « Mot de passe oublié ? » sur la page de connexion pour choisir un nouveau mot de passe.",
	})
}

package i18n

// The Spanish texts of the user pages that es.go lacks: an app's consent
// and sign-out, a deleted account, a new email address's code, adding a
// security key, the notices, the confirmations of changes, the Security
// page's activity and the texts the scripts show. Terms and form of
// address ("usted") as in the glossary of es.go.
func init() {
	add("es", Messages{
		// An app's consent and sign-out.
		"Allow %s to sign you in?":                                     "¿Permitir que %s inicie su sesión?",
		"You are signed in to %[1]s as <strong>%[2]s</strong>.":        "Ha iniciado sesión en %[1]s como <strong>%[2]s</strong>.",
		"<strong>%s</strong> will get:":                                "<strong>%s</strong> obtendrá:",
		"a stable identifier of your account (not your email address)": "un identificador estable de su cuenta (no su dirección de correo)",
		"your email address, and whether it has been confirmed":        "su dirección de correo y si está confirmada",
		"your name": "su nombre",
		"access while you are away, until you revoke it": "acceso mientras usted no esté, hasta que lo revoque",
		"It will not get your password or your second factors. You can take this access back at any time under Security › Apps with access.": "No obtendrá su contraseña ni sus segundos factores. Puede retirarle este acceso en cualquier momento en Seguridad › Aplicaciones con acceso.",
		"Allow":                 "Permitir",
		"Deny":                  "Denegar",
		"Sign out":              "Cerrar sesión",
		"Signed out of the app": "Sesión cerrada en la aplicación",
		"The app has signed you out. You are still signed in to %s in this browser, so other apps can sign you in without a password.": "La aplicación ha cerrado su sesión. En este navegador sigue con la sesión iniciada en %s, así que otras aplicaciones pueden iniciar su sesión sin contraseña.",
		"Sign out of %s too": "Cerrar sesión también en %s",
		"Stay signed in":     "Mantener la sesión iniciada",
		"The app has signed you out, and you are not signed in to %s in this browser.": "La aplicación ha cerrado su sesión, y en este navegador no tiene la sesión iniciada en %s.",

		// A deleted account.
		"Account deleted":          "Cuenta eliminada",
		"Your account was deleted": "Su cuenta se ha eliminado",
		"Your account and everything in it are gone, and this browser is logged out.":                      "Su cuenta y todo lo que contenía han desaparecido, y en este navegador se ha cerrado la sesión.",
		"We mailed a notice to your address. You may sign up again with it at any time, as a new account.": "Le hemos enviado un aviso a su dirección. Puede volver a registrarse con ella cuando quiera, como una cuenta nueva.",

		// The code of a new email address.
		"Confirm your new email address":                  "Confirme su nueva dirección de correo",
		"We sent a code to %[1]s. It is valid for %[2]s.": "Hemos enviado un código a %[1]s. Es válido durante %[2]s.",
		"Code from the email":                             "Código del correo",
		"Email me a new code":                             "Enviarme un código nuevo por correo",

		// Adding a security key.
		"Name the key, then press the button and follow your browser: touch your security key, or confirm with your fingerprint, face or device PIN to make a passkey.": "Ponga un nombre a la llave, pulse el botón y siga las indicaciones del navegador: toque su llave de seguridad, o confirme con su huella, su rostro o el PIN del dispositivo para crear una llave de acceso.",
		"e.g. YubiKey, or Laptop": "p. ej., YubiKey o Portátil",
		"So you can tell your keys apart. Leave it empty for a name like “Passkey 1”.": "Para distinguir sus llaves. Déjelo vacío para un nombre como «Passkey 1».",
		"Add the key": "Añadir la llave",
		"Adding a security key needs a browser with JavaScript on that supports them.": "Para añadir una llave de seguridad necesita un navegador que las admita y con JavaScript activado.",

		// The texts of static/webauthn.js and static/recovery.js.
		"The request was cancelled or timed out, or no security key or passkey of this site answered. Try again, or use another method.": "La solicitud se canceló o caducó, o no respondió ninguna llave de seguridad ni llave de acceso de este sitio. Vuelva a intentarlo o use otro método.",
		"This security key is already registered to your account.":                                                                       "Esta llave de seguridad ya está registrada en su cuenta.",
		"Your browser refused the request: open this site at its own address, over https.":                                               "Su navegador rechazó la solicitud: abra este sitio en su propia dirección, con https.",
		"This security key does not support what this site asks for.":                                                                    "Esta llave de seguridad no admite lo que pide este sitio.",
		"The security key request failed.":                                                                                               "La solicitud a la llave de seguridad falló.",
		"The server did not start the security key request. Reload the page and try again.":                                              "El servidor no inició la solicitud a la llave de seguridad. Recargue la página y vuelva a intentarlo.",
		"%[1]s recovery codes for %[2]s":                                                                                                 "Códigos de recuperación de %[1]s para %[2]s",
		"Each code works once. Keep them somewhere safe.":                                                                                "Cada código funciona una vez. Guárdelos en un lugar seguro.",
		"Copied the codes to the clipboard.":                                                                                             "Códigos copiados al portapapeles.",
		"The codes are selected: press Ctrl+C (or ⌘C) to copy them.":                                                                     "Los códigos están seleccionados: pulse Ctrl+C (o ⌘C) para copiarlos.",
		"Downloaded %s.": "Se descargó %s.",

		// Notices.
		"Thank you, it's you. Now send the Change password form again: for the next %s it needs no code.":                                                                                                                         "Gracias, es usted. Ahora envíe de nuevo el formulario «Cambiar la contraseña»: durante los próximos %s no pedirá ningún código.",
		"Your administrator requires an authenticator app or a security key for this account. Set one up below to go on: add a security key or passkey, or scan the QR code of an authenticator app and enter the code it shows.": "Su administrador exige una aplicación de autenticación o una llave de seguridad para esta cuenta. Configure una a continuación para seguir: añada una llave de seguridad o una llave de acceso, o escanee el código QR con una aplicación de autenticación e introduzca el código que muestre.",
		"Your administrator requires an authenticator app for this account. Set one up below to go on: scan the QR code with the app and enter the code it shows.":                                                                "Su administrador exige una aplicación de autenticación para esta cuenta. Configure una a continuación para seguir: escanee el código QR con la aplicación e introduzca el código que muestre.",
		"The device was revoked: it will be asked for a second factor at its next login.":                                                                                                                                         "Se revocó el dispositivo: se le pedirá un segundo factor la próxima vez que inicie sesión.",
		"Every trusted device was revoked.":                                                                 "Se revocaron todos los dispositivos de confianza.",
		"The session was ended: that browser or app is logged out.":                                         "Se cerró la sesión: ese navegador o aplicación ya no tiene la sesión iniciada.",
		"Every other session was ended: only this browser is still logged in.":                              "Se cerraron todas las demás sesiones: solo este navegador sigue con la sesión iniciada.",
		"Password changed. Other sessions were signed out and trusted devices forgotten.":                   "Contraseña cambiada. Se cerraron las demás sesiones y se olvidaron los dispositivos de confianza.",
		"Email address changed. Mail about your account now goes to the new address; the old one was told.": "Dirección de correo cambiada. Los correos sobre su cuenta llegan ahora a la dirección nueva; se avisó a la anterior.",
		"The app's access was revoked: it was signed out and must ask again at its next sign-in.":           "Se revocó el acceso de la aplicación: se cerró su sesión y tendrá que volver a pedirlo en su próximo inicio de sesión.",
		"The site you came from needs two-factor authentication, which your account does not have yet. Turn on an authenticator app or email codes below, then open the site again and log in with it.": "El sitio del que viene exige autenticación de dos factores, que su cuenta aún no tiene. Active a continuación una aplicación de autenticación o los códigos por correo, luego vuelva a abrir el sitio e inicie sesión con ella.",
		"The site you came from needs two-factor authentication: log in again with your second factor.":                                                                                                 "El sitio del que viene exige autenticación de dos factores: vuelva a iniciar sesión con su segundo factor.",
		"The app you came from asks you to log in again.":                                       "La aplicación de la que viene le pide que vuelva a iniciar sesión.",
		"The security key was added: it now signs you in and confirms changes to your account.": "Se añadió la llave de seguridad: ahora inicia su sesión y confirma los cambios en su cuenta.",
		"The security key was renamed.":                                                         "Se cambió el nombre de la llave de seguridad.",
		"The security key was removed: it no longer signs you in.":                              "Se quitó la llave de seguridad: ya no inicia su sesión.",
		"The authenticator app is enabled.":                                                     "La aplicación de autenticación está activada.",
		"New recovery codes were made; the old ones no longer work.":                            "Se generaron códigos de recuperación nuevos; los anteriores ya no funcionan.",

		// The confirmations of changes.
		"Change your email address":                                      "Cambiar su dirección de correo",
		"Then we send a code to %s, to check that the address is yours.": "Después enviaremos un código a %s para comprobar que la dirección es suya.",
		"Change your password":                                           "Cambiar su contraseña",
		"For your safety the new password is not kept while you confirm, so once your code is accepted, send the Change password form again.": "Por su seguridad, la nueva contraseña no se guarda mientras confirma; cuando se acepte su código, envíe de nuevo el formulario «Cambiar la contraseña».",
		"Confirm":             "Confirmar",
		"Delete your account": "Eliminar su cuenta",
		"Your account is deleted for good, with its second factors, recovery codes, sessions, trusted devices and security events, and apps can no longer sign you in with it. This cannot be undone. We mail a notice to your address.": "Su cuenta se elimina para siempre, con sus segundos factores, códigos de recuperación, sesiones, dispositivos de confianza y eventos de seguridad, y las aplicaciones ya no podrán iniciar su sesión con ella. No se puede deshacer. Le enviaremos un aviso a su dirección.",
		"Delete my account": "Eliminar mi cuenta",
		"Whoever adds a security key or passkey can sign in with it, so confirm it's you first.": "Quien añada una llave de seguridad o una llave de acceso podrá iniciar sesión con ella, así que confirme primero que es usted.",
		"Remove a security key or passkey":                                       "Quitar una llave de seguridad o una llave de acceso",
		"The key will no longer sign you in or confirm changes to your account.": "La llave ya no iniciará su sesión ni confirmará cambios en su cuenta.",
		"Remove the key": "Quitar la llave",

		// The Security page's activity: event labels.
		"Email address change undone":                                    "Cambio de dirección de correo deshecho",
		"App allowed to sign you in":                                     "Aplicación autorizada a iniciar su sesión",
		"App access revoked":                                             "Acceso de una aplicación revocado",
		"An app's sign-in code was used twice: its tokens were revoked":  "El código de inicio de sesión de una aplicación se usó dos veces: se revocaron sus tokens",
		"An app's refresh token was used twice: its tokens were revoked": "El token de actualización de una aplicación se usó dos veces: se revocaron sus tokens",
		"Language changed":                                               "Idioma cambiado",
		"Password reset link mailed":                                     "Enlace para restablecer la contraseña enviado",
		"Password reset with a mailed link":                              "Contraseña restablecida con un enlace enviado por correo",
		"Server settings changed":                                        "Configuración del servidor cambiada",
		"Role changed by an administrator":                               "Rol cambiado por un administrador",
		"Two-factor authentication reset by an administrator":            "Autenticación de dos factores restablecida por un administrador",
		"Locks lifted by an administrator":                               "Bloqueos levantados por un administrador",
		"Account disabled by an administrator":                           "Cuenta desactivada por un administrador",
		"Account enabled by an administrator":                            "Cuenta activada por un administrador",
		"Every session ended by an administrator":                        "Todas las sesiones cerradas por un administrador",
		"Security key renamed":                                           "Llave de seguridad renombrada",
		"Security key refused: it may have been copied":                  "Llave de seguridad rechazada: puede haber sido copiada",
		"Password removed: passkeys only":                                "Contraseña eliminada: solo llaves de acceso",

		// Runs of repeated events: "12 failed logins and 3 wrong
		// second-factor codes from 5 addresses".
		"%[1]s and %[2]s":        "%[1]s y %[2]s",
		"%[1]s, %[2]s and %[3]s": "%[1]s, %[2]s y %[3]s",
		"%[2]s from %[1]d addresses": Plural{
			"one":   "%[2]s desde %[1]d dirección",
			"other": "%[2]s desde %[1]d direcciones",
		},
		"%d failed logins":              Plural{"one": "%d inicio de sesión fallido", "other": "%d inicios de sesión fallidos"},
		"%d wrong second-factor codes":  Plural{"one": "%d código de segundo factor incorrecto", "other": "%d códigos de segundo factor incorrectos"},
		"%d code-entry locks":           Plural{"one": "%d bloqueo de la introducción de códigos", "other": "%d bloqueos de la introducción de códigos"},
		"%d trusted-device revocations": Plural{"one": "%d dispositivo de confianza revocado", "other": "%d dispositivos de confianza revocados"},
		"%d ended sessions":             Plural{"one": "%d sesión cerrada", "other": "%d sesiones cerradas"},
		"%d logouts":                    Plural{"one": "%d cierre de sesión", "other": "%d cierres de sesión"},
		"%d other events":               Plural{"one": "%d evento más", "other": "%d eventos más"},

		// Event details.
		"with the password only":                                      "solo con la contraseña",
		"with the passkey %s":                                         "con la llave de acceso %s",
		"while setting up an authenticator app":                       "al configurar una aplicación de autenticación",
		"while changing the email address":                            "al cambiar la dirección de correo",
		"every other session":                                         "todas las demás sesiones",
		"this session":                                                "esta sesión",
		"every trusted device":                                        "todos los dispositivos de confianza",
		"every trusted device, as the password was changed":           "todos los dispositivos de confianza, porque se cambió la contraseña",
		"every trusted device, as the password was reset":             "todos los dispositivos de confianza, porque se restableció la contraseña",
		"every trusted device, as the authenticator app was disabled": "todos los dispositivos de confianza, porque se desactivó la aplicación de autenticación",
		"every trusted device, as email codes were turned off":        "todos los dispositivos de confianza, porque se desactivaron los códigos por correo",
		"every trusted device, as the email address was changed":      "todos los dispositivos de confianza, porque se cambió la dirección de correo",
		"every trusted device, as an email change was undone":         "todos los dispositivos de confianza, porque se deshizo un cambio de correo",
		"user":                             "usuario",
		"administrator":                    "administrador",
		"passkey refused: %s":              "llave de acceso rechazada: %s",
		"a passkey of another account: %s": "una llave de acceso de otra cuenta: %s",
		"for %s":                           "durante %s",
		"from %[1]s to %[2]s":              "de %[1]s a %[2]s",
		"%[1]s: its counter went from %[2]d to %[3]d": "%[1]s: su contador pasó de %[2]d a %[3]d",
		"from %[1]s to %[2]s, %[3]s":                  "de %[1]s a %[2]s, %[3]s",
		"by the command line":                         "desde la línea de comandos",
		"by %s":                                       "por %s",
		"unknown browser":                             "navegador desconocido",
		"%[1]s on %[2]s":                              "%[1]s en %[2]s",

		// The grace left to set up a second factor: "3 days 4 hours".
		"%d days":           Plural{"one": "%d día", "other": "%d días"},
		"%d hours":          Plural{"one": "%d hora", "other": "%d horas"},
		"%[1]d days %[2]s":  Plural{"one": "%[1]d día y %[2]s", "other": "%[1]d días y %[2]s"},
		"%[1]d hours %[2]s": Plural{"one": "%[1]d hora y %[2]s", "other": "%[1]d horas y %[2]s"},
	})
}

package i18n

// The Spanish mail messages (mail_keys.go), in the terms and the form of
// address of the glossary in es.go.
func init() {
	add("es", Messages{
		mailHello:               "Hola, %s:",
		mailReview:              "Puede revisar los eventos de seguridad recientes en Mi cuenta -> Seguridad.",
		mailRecoveryUsedSubject: "Se usó un código de recuperación",
		mailRecoveryUsed: Plural{
			"=0": "Se acaba de usar un código de recuperación de su cuenta para iniciar sesión o para confirmar un cambio (desde %[2]s). No le queda ningún código de recuperación sin usar.\n\n" +
				"Si no fue usted, alguien tiene su contraseña y un código de recuperación: cambie su contraseña y genere nuevos códigos de recuperación.",
			"one": "Se acaba de usar un código de recuperación de su cuenta para iniciar sesión o para confirmar un cambio (desde %[2]s). Le queda %[1]d código de recuperación sin usar.\n\n" +
				"Si no fue usted, alguien tiene su contraseña y un código de recuperación: cambie su contraseña y genere nuevos códigos de recuperación.",
			"other": "Se acaba de usar un código de recuperación de su cuenta para iniciar sesión o para confirmar un cambio (desde %[2]s). Le quedan %[1]d códigos de recuperación sin usar.\n\n" +
				"Si no fue usted, alguien tiene su contraseña y un código de recuperación: cambie su contraseña y genere nuevos códigos de recuperación.",
		},
		mailTwoFAResetSubject: "Se restableció su autenticación de dos factores",
		mailTwoFAReset: "Un administrador restableció la autenticación de dos factores de su cuenta: se eliminaron la aplicación de autenticación, los códigos de recuperación, las llaves de seguridad y llaves de acceso, y los dispositivos de confianza, y se cerraron todas las sesiones, también en las aplicaciones. Hasta que vuelva a configurar una aplicación de autenticación, un código enviado a esta dirección será su segundo factor.\n\n" +
			"Inicie sesión y vaya a Mi cuenta -> Seguridad para volver a configurar su aplicación de autenticación (y sus llaves de seguridad); si la cuenta tenía llaves de acceso y ninguna contraseña, elija una contraseña con «¿Olvidó su contraseña?» en la página de inicio de sesión.\n\n" +
			"Si no lo pidió usted, avise de inmediato a su administrador.",
		mailDeletedSubject:   "Se eliminó su cuenta de %s",
		mailDeletedSelfFrom:  "Su cuenta de %[1]s %[2]s se eliminó a petición suya (desde %[4]s) el %[3]s.",
		mailDeletedSelf:      "Su cuenta de %[1]s %[2]s se eliminó a petición suya el %[3]s.",
		mailDeletedAdminFrom: "Un administrador eliminó su cuenta de %[1]s %[2]s (desde %[4]s) el %[3]s.",
		mailDeletedAdmin:     "Un administrador eliminó su cuenta de %[1]s %[2]s el %[3]s.",
		mailDeleted: "%s Todo lo que contenía se eliminó con ella: sus segundos factores, códigos de recuperación, sesiones, dispositivos de confianza, eventos de seguridad y el acceso de las aplicaciones en las que le permitía iniciar sesión. Esta dirección puede volver a registrarse, como una cuenta nueva.\n\n" +
			"Si no fue usted, póngase en contacto con el administrador de este servicio.",
		mailDeviceTrustedSubject: "Se añadió un nuevo dispositivo de confianza",
		mailDeviceTrusted: Plural{
			"one": "Se configuró un dispositivo para omitir el segundo paso durante %[1]d día:\n\n" +
				"  dirección: %[2]s\n  navegador: %[3]s\n\n" +
				"Si no fue usted, revóquelo en Mi cuenta -> Seguridad y cambie su contraseña.",
			"other": "Se configuró un dispositivo para omitir el segundo paso durante %[1]d días:\n\n" +
				"  dirección: %[2]s\n  navegador: %[3]s\n\n" +
				"Si no fue usted, revóquelo en Mi cuenta -> Seguridad y cambie su contraseña.",
		},
		mailEmailChangedSubject: "Se cambió su dirección de correo",
		mailEmailChanged:        "La dirección de correo de su cuenta se cambió a %s. El correo sobre su cuenta y los códigos por correo se envían ahora allí; se cerraron sus otras sesiones y se olvidaron los dispositivos de confianza.",
		mailEmailUndo: Plural{
			"one": "Si no fue usted, abra este enlace en un plazo de %[1]d día para recuperar esta dirección y cerrar todas las sesiones:\n\n" +
				"    %[2]s\n\n" +
				"Después, cambie su contraseña.",
			"other": "Si no fue usted, abra este enlace en un plazo de %[1]d días para recuperar esta dirección y cerrar todas las sesiones:\n\n" +
				"    %[2]s\n\n" +
				"Después, cambie su contraseña.",
		},
		mailEmailBackSubject: "Se restauró su dirección de correo",
		mailEmailBack: "La dirección de correo de su cuenta vuelve a ser %[1]s (se había cambiado a %[2]s) y se cerraron todas las sesiones.\n\n" +
			"Puede que alguien conozca su contraseña: inicie sesión y cámbiela ahora.",
		mailEmailBackPassword: "La dirección de correo de su cuenta vuelve a ser %[1]s (se había cambiado a %[2]s) y se cerraron todas las sesiones. La contraseña se había cambiado desde entonces; vuelve a ser la que tenía antes del cambio.\n\n" +
			"Puede que alguien conozca su contraseña: inicie sesión y cámbiela ahora.",
		mailLockedSubject: "Se bloqueó la introducción de códigos en uno de sus dispositivos",
		mailLockedUnknown: Plural{
			"one": "Alguien introdujo %[1]d código o contraseña incorrectos para su cuenta desde un dispositivo que nunca había iniciado sesión en su cuenta (%[2]s), así que bloqueamos allí la introducción de códigos hasta el %[3]s; sus otros dispositivos no se ven afectados.\n\n" +
				"Si no fue usted, puede que esa persona conozca su contraseña: cámbiela en cuanto pueda iniciar sesión.",
			"other": "Alguien introdujo %[1]d códigos o contraseñas incorrectos para su cuenta desde un dispositivo que nunca había iniciado sesión en su cuenta (%[2]s), así que bloqueamos allí la introducción de códigos hasta el %[3]s; sus otros dispositivos no se ven afectados.\n\n" +
				"Si no fue usted, puede que esa persona conozca su contraseña: cámbiela en cuanto pueda iniciar sesión.",
		},
		mailLockedKnown: Plural{
			"one": "Alguien introdujo %[1]d código o contraseña incorrectos para su cuenta desde un dispositivo o una sesión que ya había iniciado sesión en su cuenta (%[2]s), así que bloqueamos allí la introducción de códigos hasta el %[3]s; sus otros dispositivos no se ven afectados.\n\n" +
				"Si no fue usted, puede que esa persona conozca su contraseña: cámbiela en cuanto pueda iniciar sesión.",
			"other": "Alguien introdujo %[1]d códigos o contraseñas incorrectos para su cuenta desde un dispositivo o una sesión que ya había iniciado sesión en su cuenta (%[2]s), así que bloqueamos allí la introducción de códigos hasta el %[3]s; sus otros dispositivos no se ven afectados.\n\n" +
				"Si no fue usted, puede que esa persona conozca su contraseña: cámbiela en cuanto pueda iniciar sesión.",
		},
		mailPasswordRemovedSubject: "Su cuenta ya no tiene contraseña",
		mailPasswordRemoved: "Se eliminó la contraseña de su cuenta: ahora se inicia sesión en ella solo con sus llaves de acceso.\n\n" +
			"Si no fue usted, alguien tiene acceso a su cuenta: restablezca su contraseña con «¿Olvidó su contraseña?» en la página de inicio de sesión.",
		mailTOTPDisabledSubject: "Se desactivó su aplicación de autenticación",
		mailTOTPDisabled: "La aplicación de autenticación (TOTP) ya no es un segundo factor de su cuenta y se olvidaron los dispositivos de confianza.\n\n" +
			"Si no fue usted, inicie sesión, cambie su contraseña y vuelva a activarla.",
		mailEmail2FAOffSubject: "Se desactivaron los códigos por correo",
		mailEmail2FAOff: "Los códigos enviados a esta dirección ya no son un segundo factor de su cuenta y se olvidaron los dispositivos de confianza.\n\n" +
			"Si no fue usted, inicie sesión, cambie su contraseña y vuelva a activarlos.",
		mailRecoveryRegenSubject: "Se generaron nuevos códigos de recuperación",
		mailRecoveryRegen: "Se volvieron a generar sus códigos de recuperación; los anteriores ya no funcionan.\n\n" +
			"Si no fue usted, alguien tiene acceso a su cuenta: cambie su contraseña.",
		mailTOTPEnabledSubject: "Se activó una aplicación de autenticación",
		mailTOTPEnabled: "Se activó una aplicación de autenticación (TOTP) como segundo factor de su cuenta y se generó un nuevo conjunto de códigos de recuperación.\n\n" +
			"Si no fue usted, alguien tiene acceso a su cuenta: inicie sesión, desactívela y cambie su contraseña.",
		mailCloneSubject: "Puede que se haya copiado una llave de seguridad de su cuenta",
		mailClone: "Su llave de seguridad %[1]q inició sesión desde %[2]s con un contador de firmas de %[3]d, pero ya había llegado a %[4]d. Una llave auténtica solo cuenta hacia arriba, así que puede que exista una copia; se rechazó el inicio de sesión.\n\n" +
			"Si no acaba de usar esta llave, quítela en Mi cuenta -> Seguridad y cambie su contraseña.",
		mailKeyAddedSubject: "Se añadió una llave de seguridad a su cuenta",
		mailKeyAdded: "Se añadió a su cuenta la llave de seguridad o llave de acceso %[1]q (desde %[2]s); ahora permite iniciar sesión.\n\n" +
			"Si no fue usted, alguien tiene acceso a su cuenta: quítela en Mi cuenta -> Seguridad y cambie su contraseña.",
		mailKeyRemovedSubject: "Se quitó una llave de seguridad de su cuenta",
		mailKeyRemoved: "Se quitó de su cuenta la llave de seguridad o llave de acceso %[1]q (desde %[2]s); ya no permite iniciar sesión.\n\n" +
			"Si no fue usted, alguien tiene acceso a su cuenta: cambie su contraseña.",
		mailPasswordChangedSubject: "Se cambió su contraseña",
		mailPasswordChanged: "Se cambió la contraseña de su cuenta; se cerraron las demás sesiones y se olvidaron los dispositivos de confianza.\n\n" +
			"Si no fue usted, alguien tiene acceso a su cuenta: inicie sesión con un código de recuperación y vuelva a poner la contraseña anterior.",
		mailPasswordResetSubject: "Se restableció su contraseña",
		mailPasswordResetFrom: "Se restableció la contraseña de su cuenta con un enlace enviado a esta dirección (desde %s). Se cerraron todas las sesiones, también las de las aplicaciones, y se olvidaron los dispositivos de confianza. La autenticación de dos factores sigue igual: si la cuenta la tiene, al iniciar sesión se le seguirá pidiendo su segundo factor.\n\n" +
			"Si no fue usted, alguien puede leer su correo: proteja primero su buzón y después use «¿Olvidó su contraseña?» en la página de inicio de sesión para elegir una contraseña nueva.",
		mailPasswordReset: "Se restableció la contraseña de su cuenta con un enlace enviado a esta dirección. Se cerraron todas las sesiones, también las de las aplicaciones, y se olvidaron los dispositivos de confianza. La autenticación de dos factores sigue igual: si la cuenta la tiene, al iniciar sesión se le seguirá pidiendo su segundo factor.\n\n" +
			"Si no fue usted, alguien puede leer su correo: proteja primero su buzón y después use «¿Olvidó su contraseña?» en la página de inicio de sesión para elegir una contraseña nueva.",
	})
}

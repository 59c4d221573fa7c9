package i18n

// The Brazilian Portuguese texts of the user pages that pt_br.go lacks: an
// app's consent and sign-out, a deleted account, a new email address's
// code, adding a security key, the notices, the confirmations of changes,
// the Security page's activity and the texts the scripts show. Terms and
// form of address ("você") as in the glossary of pt_br.go.
func init() {
	add("pt-BR", Messages{
		// An app's consent and sign-out.
		"Allow %s to sign you in?":                                     "Permitir que %s entre com a sua conta?",
		"You are signed in to %[1]s as <strong>%[2]s</strong>.":        "Você entrou em %[1]s como <strong>%[2]s</strong>.",
		"<strong>%s</strong> will get:":                                "<strong>%s</strong> receberá:",
		"a stable identifier of your account (not your email address)": "um identificador fixo da sua conta (não o seu endereço de e-mail)",
		"your email address, and whether it has been confirmed":        "o seu endereço de e-mail e se ele foi confirmado",
		"your name": "o seu nome",
		"access while you are away, until you revoke it": "acesso enquanto você estiver ausente, até que você o revogue",
		"It will not get your password or your second factors. You can take this access back at any time under Security › Apps with access.": "Ele não receberá a sua senha nem os seus segundos fatores. Você pode retirar esse acesso a qualquer momento em Segurança › Aplicativos com acesso.",
		"Allow":                 "Permitir",
		"Deny":                  "Negar",
		"Sign out":              "Sair",
		"Signed out of the app": "Você saiu do aplicativo",
		"The app has signed you out. You are still signed in to %s in this browser, so other apps can sign you in without a password.": "O aplicativo encerrou a sua sessão. Você continua conectado a %s neste navegador, então outros aplicativos podem entrar com a sua conta sem senha.",
		"Sign out of %s too": "Sair de %s também",
		"Stay signed in":     "Continuar conectado",
		"The app has signed you out, and you are not signed in to %s in this browser.": "O aplicativo encerrou a sua sessão, e você não está conectado a %s neste navegador.",

		// A deleted account.
		"Account deleted":          "Conta excluída",
		"Your account was deleted": "Sua conta foi excluída",
		"Your account and everything in it are gone, and this browser is logged out.":                      "Sua conta e tudo o que havia nela foram apagados, e este navegador saiu da conta.",
		"We mailed a notice to your address. You may sign up again with it at any time, as a new account.": "Enviamos um aviso para o seu endereço. Você pode se cadastrar de novo com ele a qualquer momento, como uma conta nova.",

		// The code of a new email address.
		"Confirm your new email address":                  "Confirme o seu novo endereço de e-mail",
		"We sent a code to %[1]s. It is valid for %[2]s.": "Enviamos um código para %[1]s. Ele vale por %[2]s.",
		"Code from the email":                             "Código do e-mail",
		"Email me a new code":                             "Enviar um novo código por e-mail",

		// Adding a security key.
		"Name the key, then press the button and follow your browser: touch your security key, or confirm with your fingerprint, face or device PIN to make a passkey.": "Dê um nome à chave, depois aperte o botão e siga o navegador: toque na sua chave de segurança, ou confirme com a sua digital, o seu rosto ou o PIN do dispositivo para criar uma chave de acesso.",
		"e.g. YubiKey, or Laptop": "ex.: YubiKey ou Notebook",
		"So you can tell your keys apart. Leave it empty for a name like “Passkey 1”.": "Para você distinguir as suas chaves. Deixe em branco para um nome como “Passkey 1”.",
		"Add the key": "Adicionar a chave",
		"Adding a security key needs a browser with JavaScript on that supports them.": "Para adicionar uma chave de segurança, é preciso um navegador compatível com JavaScript ativado.",

		// The texts of static/webauthn.js and static/recovery.js.
		"The request was cancelled or timed out, or no security key or passkey of this site answered. Try again, or use another method.": "A solicitação foi cancelada ou expirou, ou nenhuma chave de segurança ou chave de acesso deste site respondeu. Tente de novo ou use outro método.",
		"This security key is already registered to your account.":                                                                       "Esta chave de segurança já está registrada na sua conta.",
		"Your browser refused the request: open this site at its own address, over https.":                                               "O seu navegador recusou a solicitação: abra este site no endereço dele, por https.",
		"This security key does not support what this site asks for.":                                                                    "Esta chave de segurança não é compatível com o que este site pede.",
		"The security key request failed.":                                                                                               "A solicitação à chave de segurança falhou.",
		"The server did not start the security key request. Reload the page and try again.":                                              "O servidor não iniciou a solicitação à chave de segurança. Recarregue a página e tente de novo.",
		"%[1]s recovery codes for %[2]s":                                                                                                 "Códigos de recuperação do %[1]s para %[2]s",
		"Each code works once. Keep them somewhere safe.":                                                                                "Cada código funciona uma vez. Guarde-os em um lugar seguro.",
		"Copied the codes to the clipboard.":                                                                                             "Códigos copiados para a área de transferência.",
		"The codes are selected: press Ctrl+C (or ⌘C) to copy them.":                                                                     "Os códigos estão selecionados: pressione Ctrl+C (ou ⌘C) para copiá-los.",
		"Downloaded %s.": "%s baixado.",

		// Notices.
		"Thank you, it's you. Now send the Change password form again: for the next %s it needs no code.":                                                                                                                         "Obrigado, é você mesmo. Agora envie de novo o formulário “Alterar a senha”: nos próximos %s, ele não pede código.",
		"Your administrator requires an authenticator app or a security key for this account. Set one up below to go on: add a security key or passkey, or scan the QR code of an authenticator app and enter the code it shows.": "Seu administrador exige um aplicativo autenticador ou uma chave de segurança para esta conta. Configure um deles abaixo para continuar: adicione uma chave de segurança ou chave de acesso, ou leia o código QR com um aplicativo autenticador e digite o código que ele mostrar.",
		"Your administrator requires an authenticator app for this account. Set one up below to go on: scan the QR code with the app and enter the code it shows.":                                                                "Seu administrador exige um aplicativo autenticador para esta conta. Configure um abaixo para continuar: leia o código QR com o aplicativo e digite o código que ele mostrar.",
		"The device was revoked: it will be asked for a second factor at its next login.":                                                                                                                                         "O dispositivo foi revogado: um segundo fator será pedido na próxima vez que ele entrar.",
		"Every trusted device was revoked.":                                                                 "Todos os dispositivos confiáveis foram revogados.",
		"The session was ended: that browser or app is logged out.":                                         "A sessão foi encerrada: aquele navegador ou aplicativo saiu da conta.",
		"Every other session was ended: only this browser is still logged in.":                              "Todas as outras sessões foram encerradas: só este navegador continua conectado.",
		"Password changed. Other sessions were signed out and trusted devices forgotten.":                   "Senha alterada. As outras sessões foram encerradas e os dispositivos confiáveis, esquecidos.",
		"Email address changed. Mail about your account now goes to the new address; the old one was told.": "Endereço de e-mail alterado. Os e-mails sobre a sua conta agora vão para o novo endereço; o antigo foi avisado.",
		"The app's access was revoked: it was signed out and must ask again at its next sign-in.":           "O acesso do aplicativo foi revogado: ele saiu da conta e terá de pedir de novo na próxima vez que entrar.",
		"The site you came from needs two-factor authentication, which your account does not have yet. Turn on an authenticator app or email codes below, then open the site again and log in with it.": "O site de onde você veio exige autenticação de dois fatores, que a sua conta ainda não tem. Ative abaixo um aplicativo autenticador ou os códigos por e-mail, depois abra o site de novo e entre com ele.",
		"The site you came from needs two-factor authentication: log in again with your second factor.":                                                                                                 "O site de onde você veio exige autenticação de dois fatores: entre de novo com o seu segundo fator.",
		"The app you came from asks you to log in again.":                                       "O aplicativo de onde você veio pede que você entre de novo.",
		"The security key was added: it now signs you in and confirms changes to your account.": "A chave de segurança foi adicionada: agora você entra com ela e confirma com ela alterações na sua conta.",
		"The security key was renamed.":                                                         "A chave de segurança foi renomeada.",
		"The security key was removed: it no longer signs you in.":                              "A chave de segurança foi removida: você não entra mais com ela.",
		"The authenticator app is enabled.":                                                     "O aplicativo autenticador está ativado.",
		"New recovery codes were made; the old ones no longer work.":                            "Novos códigos de recuperação foram gerados; os antigos não funcionam mais.",

		// The confirmations of changes.
		"Change your email address":                                      "Alterar o seu endereço de e-mail",
		"Then we send a code to %s, to check that the address is yours.": "Depois enviamos um código para %s, para verificar se o endereço é seu.",
		"Change your password":                                           "Alterar a sua senha",
		"For your safety the new password is not kept while you confirm, so once your code is accepted, send the Change password form again.": "Para a sua segurança, a nova senha não fica guardada enquanto você confirma; quando o seu código for aceito, envie de novo o formulário “Alterar a senha”.",
		"Confirm":             "Confirmar",
		"Delete your account": "Excluir a sua conta",
		"Your account is deleted for good, with its second factors, recovery codes, sessions, trusted devices and security events, and apps can no longer sign you in with it. This cannot be undone. We mail a notice to your address.": "Sua conta é excluída para sempre, com os seus segundos fatores, códigos de recuperação, sessões, dispositivos confiáveis e eventos de segurança, e os aplicativos não poderão mais entrar com ela. Isso não pode ser desfeito. Enviamos um aviso para o seu endereço.",
		"Delete my account": "Excluir minha conta",
		"Whoever adds a security key or passkey can sign in with it, so confirm it's you first.": "Quem adiciona uma chave de segurança ou chave de acesso pode entrar com ela, então confirme primeiro que é você.",
		"Remove a security key or passkey":                                       "Remover uma chave de segurança ou chave de acesso",
		"The key will no longer sign you in or confirm changes to your account.": "Você não entrará mais com a chave nem confirmará com ela alterações na sua conta.",
		"Remove the key": "Remover a chave",

		// The Security page's activity: event labels.
		"Email address change undone":                                    "Alteração do endereço de e-mail desfeita",
		"App allowed to sign you in":                                     "Aplicativo autorizado a entrar com a sua conta",
		"App access revoked":                                             "Acesso de aplicativo revogado",
		"An app's sign-in code was used twice: its tokens were revoked":  "O código de entrada de um aplicativo foi usado duas vezes: os tokens dele foram revogados",
		"An app's refresh token was used twice: its tokens were revoked": "O token de atualização de um aplicativo foi usado duas vezes: os tokens dele foram revogados",
		"Language changed":                                               "Idioma alterado",
		"Password reset link mailed":                                     "Link de redefinição de senha enviado",
		"Password reset with a mailed link":                              "Senha redefinida com um link enviado por e-mail",
		"Server settings changed":                                        "Configurações do servidor alteradas",
		"Role changed by an administrator":                               "Função alterada por um administrador",
		"Two-factor authentication reset by an administrator":            "Autenticação de dois fatores redefinida por um administrador",
		"Locks lifted by an administrator":                               "Bloqueios removidos por um administrador",
		"Account disabled by an administrator":                           "Conta desativada por um administrador",
		"Account enabled by an administrator":                            "Conta ativada por um administrador",
		"Every session ended by an administrator":                        "Todas as sessões encerradas por um administrador",
		"Security key renamed":                                           "Chave de segurança renomeada",
		"Security key refused: it may have been copied":                  "Chave de segurança recusada: ela pode ter sido copiada",
		"Password removed: passkeys only":                                "Senha removida: só chaves de acesso",

		// Runs of repeated events: "12 failed logins and 3 wrong
		// second-factor codes from 5 addresses".
		"%[1]s and %[2]s":        "%[1]s e %[2]s",
		"%[1]s, %[2]s and %[3]s": "%[1]s, %[2]s e %[3]s",
		"%[2]s from %[1]d addresses": Plural{
			"one":   "%[2]s de %[1]d endereço",
			"other": "%[2]s de %[1]d endereços",
		},
		"%d failed logins":              Plural{"one": "%d falha ao entrar", "other": "%d falhas ao entrar"},
		"%d wrong second-factor codes":  Plural{"one": "%d código de segundo fator incorreto", "other": "%d códigos de segundo fator incorretos"},
		"%d code-entry locks":           Plural{"one": "%d bloqueio da digitação de códigos", "other": "%d bloqueios da digitação de códigos"},
		"%d trusted-device revocations": Plural{"one": "%d dispositivo confiável revogado", "other": "%d dispositivos confiáveis revogados"},
		"%d ended sessions":             Plural{"one": "%d sessão encerrada", "other": "%d sessões encerradas"},
		"%d logouts":                    Plural{"one": "%d saída", "other": "%d saídas"},
		"%d other events":               Plural{"one": "%d outro evento", "other": "%d outros eventos"},

		// Event details.
		"with the password only":                                      "só com a senha",
		"with the passkey %s":                                         "com a chave de acesso %s",
		"while setting up an authenticator app":                       "ao configurar um aplicativo autenticador",
		"while changing the email address":                            "ao alterar o endereço de e-mail",
		"every other session":                                         "todas as outras sessões",
		"this session":                                                "esta sessão",
		"every trusted device":                                        "todos os dispositivos confiáveis",
		"every trusted device, as the password was changed":           "todos os dispositivos confiáveis, porque a senha foi alterada",
		"every trusted device, as the password was reset":             "todos os dispositivos confiáveis, porque a senha foi redefinida",
		"every trusted device, as the authenticator app was disabled": "todos os dispositivos confiáveis, porque o aplicativo autenticador foi desativado",
		"every trusted device, as email codes were turned off":        "todos os dispositivos confiáveis, porque os códigos por e-mail foram desativados",
		"every trusted device, as the email address was changed":      "todos os dispositivos confiáveis, porque o endereço de e-mail foi alterado",
		"every trusted device, as an email change was undone":         "todos os dispositivos confiáveis, porque uma alteração de e-mail foi desfeita",
		"user":                             "usuário",
		"administrator":                    "administrador",
		"passkey refused: %s":              "chave de acesso recusada: %s",
		"a passkey of another account: %s": "uma chave de acesso de outra conta: %s",
		"for %s":                           "por %s",
		"from %[1]s to %[2]s":              "de %[1]s para %[2]s",
		"%[1]s: its counter went from %[2]d to %[3]d": "%[1]s: o contador dela passou de %[2]d para %[3]d",
		"from %[1]s to %[2]s, %[3]s":                  "de %[1]s para %[2]s, %[3]s",
		"by the command line":                         "pela linha de comando",
		"by %s":                                       "por %s",
		"unknown browser":                             "navegador desconhecido",
		"%[1]s on %[2]s":                              "%[1]s no %[2]s",

		// The grace left to set up a second factor: "3 days 4 hours".
		"%d days":           Plural{"one": "%d dia", "other": "%d dias"},
		"%d hours":          Plural{"one": "%d hora", "other": "%d horas"},
		"%[1]d days %[2]s":  Plural{"one": "%[1]d dia e %[2]s", "other": "%[1]d dias e %[2]s"},
		"%[1]d hours %[2]s": Plural{"one": "%[1]d hora e %[2]s", "other": "%[1]d horas e %[2]s"},
	})
}

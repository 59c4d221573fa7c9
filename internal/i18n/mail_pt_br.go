package i18n

// The Brazilian Portuguese mail messages (mail_keys.go), in the terms and the form of
// address of the glossary in pt_br.go.
func init() {
	add("pt-BR", Messages{
		mailHello:               "Olá, %s,",
		mailReview:              "Você pode ver os eventos de segurança recentes em Minha conta -> Segurança.",
		mailRecoveryUsedSubject: "Um código de recuperação foi usado",
		mailRecoveryUsed: Plural{
			"=0": "Um código de recuperação da sua conta acabou de ser usado para entrar ou para confirmar uma alteração (de %[2]s). Não resta nenhum código de recuperação não usado.\n\n" +
				"Se não foi você, alguém tem sua senha e um código de recuperação: altere sua senha e gere novos códigos de recuperação.",
			"one": "Um código de recuperação da sua conta acabou de ser usado para entrar ou para confirmar uma alteração (de %[2]s). Resta %[1]d código de recuperação não usado.\n\n" +
				"Se não foi você, alguém tem sua senha e um código de recuperação: altere sua senha e gere novos códigos de recuperação.",
			"other": "Um código de recuperação da sua conta acabou de ser usado para entrar ou para confirmar uma alteração (de %[2]s). Restam %[1]d códigos de recuperação não usados.\n\n" +
				"Se não foi você, alguém tem sua senha e um código de recuperação: altere sua senha e gere novos códigos de recuperação.",
		},
		mailTwoFAResetSubject: "Sua autenticação de dois fatores foi redefinida",
		mailTwoFAReset: "Um administrador redefiniu a autenticação de dois fatores da sua conta: o aplicativo autenticador, os códigos de recuperação, as chaves de segurança e chaves de acesso e os dispositivos confiáveis foram removidos, e todas as sessões, inclusive as de aplicativos, foram encerradas. Até você configurar um aplicativo autenticador de novo, um código enviado para este endereço é o seu segundo fator.\n\n" +
			"Entre e acesse Minha conta -> Segurança para configurar seu aplicativo autenticador (e suas chaves de segurança) de novo; se a conta tinha chaves de acesso e nenhuma senha, escolha uma senha com “Esqueceu a senha?” na página de entrada.\n\n" +
			"Se você não pediu isso, avise seu administrador imediatamente.",
		mailDeletedSubject:   "Sua conta do %s foi excluída",
		mailDeletedSelfFrom:  "Sua conta do %[1]s %[2]s foi excluída a seu pedido (de %[4]s) em %[3]s.",
		mailDeletedSelf:      "Sua conta do %[1]s %[2]s foi excluída a seu pedido em %[3]s.",
		mailDeletedAdminFrom: "Sua conta do %[1]s %[2]s foi excluída por um administrador (de %[4]s) em %[3]s.",
		mailDeletedAdmin:     "Sua conta do %[1]s %[2]s foi excluída por um administrador em %[3]s.",
		mailDeleted: "%s Tudo o que ela continha foi junto: seus segundos fatores, códigos de recuperação, sessões, dispositivos confiáveis, eventos de segurança e o acesso dos aplicativos em que ela fazia você entrar. Este endereço pode se cadastrar de novo, como uma nova conta.\n\n" +
			"Se não foi você, entre em contato com o administrador deste serviço.",
		mailDeviceTrustedSubject: "Um novo dispositivo confiável foi adicionado",
		mailDeviceTrusted: Plural{
			"one": "Um dispositivo foi configurado para pular a segunda etapa por %[1]d dia:\n\n" +
				"  endereço: %[2]s\n  navegador: %[3]s\n\n" +
				"Se não foi você, revogue-o em Minha conta -> Segurança e altere sua senha.",
			"other": "Um dispositivo foi configurado para pular a segunda etapa por %[1]d dias:\n\n" +
				"  endereço: %[2]s\n  navegador: %[3]s\n\n" +
				"Se não foi você, revogue-o em Minha conta -> Segurança e altere sua senha.",
		},
		mailEmailChangedSubject: "Seu endereço de e-mail foi alterado",
		mailEmailChanged:        "O endereço de e-mail da sua conta foi alterado para %s. Os e-mails sobre sua conta e os códigos por e-mail agora vão para lá; suas outras sessões foram encerradas e os dispositivos confiáveis, esquecidos.",
		mailEmailUndo: Plural{
			"one": "Se não foi você, abra este link em até %[1]d dia para restaurar este endereço e encerrar todas as sessões:\n\n" +
				"    %[2]s\n\n" +
				"Depois, altere sua senha.",
			"other": "Se não foi você, abra este link em até %[1]d dias para restaurar este endereço e encerrar todas as sessões:\n\n" +
				"    %[2]s\n\n" +
				"Depois, altere sua senha.",
		},
		mailEmailBackSubject: "Seu endereço de e-mail foi restaurado",
		mailEmailBack: "O endereço de e-mail da sua conta voltou a ser %[1]s (ele tinha sido alterado para %[2]s), e todas as sessões foram encerradas.\n\n" +
			"Alguém pode conhecer sua senha: entre e altere-a agora.",
		mailEmailBackPassword: "O endereço de e-mail da sua conta voltou a ser %[1]s (ele tinha sido alterado para %[2]s), e todas as sessões foram encerradas. A senha tinha sido alterada desde então; ela voltou a ser a que você tinha antes da alteração.\n\n" +
			"Alguém pode conhecer sua senha: entre e altere-a agora.",
		mailLockedSubject: "A digitação de códigos foi bloqueada em um dos seus dispositivos",
		mailLockedUnknown: Plural{
			"one": "Alguém digitou %[1]d código ou senha errados para sua conta a partir de um dispositivo que nunca tinha entrado na sua conta (%[2]s), por isso bloqueamos a digitação de códigos nele até %[3]s; seus outros dispositivos não foram afetados.\n\n" +
				"Se não foi você, essa pessoa pode conhecer sua senha: altere-a assim que conseguir entrar.",
			"other": "Alguém digitou %[1]d códigos ou senhas errados para sua conta a partir de um dispositivo que nunca tinha entrado na sua conta (%[2]s), por isso bloqueamos a digitação de códigos nele até %[3]s; seus outros dispositivos não foram afetados.\n\n" +
				"Se não foi você, essa pessoa pode conhecer sua senha: altere-a assim que conseguir entrar.",
		},
		mailLockedKnown: Plural{
			"one": "Alguém digitou %[1]d código ou senha errados para sua conta a partir de um dispositivo ou sessão que já entrou na sua conta (%[2]s), por isso bloqueamos a digitação de códigos nele até %[3]s; seus outros dispositivos não foram afetados.\n\n" +
				"Se não foi você, essa pessoa pode conhecer sua senha: altere-a assim que conseguir entrar.",
			"other": "Alguém digitou %[1]d códigos ou senhas errados para sua conta a partir de um dispositivo ou sessão que já entrou na sua conta (%[2]s), por isso bloqueamos a digitação de códigos nele até %[3]s; seus outros dispositivos não foram afetados.\n\n" +
				"Se não foi você, essa pessoa pode conhecer sua senha: altere-a assim que conseguir entrar.",
		},
		mailPasswordRemovedSubject: "Sua conta não tem mais senha",
		mailPasswordRemoved: "A senha da sua conta foi removida: agora só é possível entrar nela com as chaves de acesso.\n\n" +
			"Se não foi você, alguém tem acesso à sua conta: redefina sua senha com “Esqueceu a senha?” na página de entrada.",
		mailTOTPDisabledSubject: "Seu aplicativo autenticador foi desativado",
		mailTOTPDisabled: "O aplicativo autenticador (TOTP) não é mais um segundo fator da sua conta, e os dispositivos confiáveis foram esquecidos.\n\n" +
			"Se não foi você, entre, altere sua senha e ative-o de novo.",
		mailEmail2FAOffSubject: "Os códigos por e-mail foram desativados",
		mailEmail2FAOff: "Os códigos enviados para este endereço não são mais um segundo fator da sua conta, e os dispositivos confiáveis foram esquecidos.\n\n" +
			"Se não foi você, entre, altere sua senha e ative-os de novo.",
		mailRecoveryRegenSubject: "Novos códigos de recuperação foram gerados",
		mailRecoveryRegen: "Seus códigos de recuperação foram gerados de novo; os antigos não funcionam mais.\n\n" +
			"Se não foi você, alguém tem acesso à sua conta: altere sua senha.",
		mailTOTPEnabledSubject: "Um aplicativo autenticador foi ativado",
		mailTOTPEnabled: "Um aplicativo autenticador (TOTP) foi ativado como segundo fator da sua conta, e um novo conjunto de códigos de recuperação foi gerado.\n\n" +
			"Se não foi você, alguém tem acesso à sua conta: entre, desative-o e altere sua senha.",
		mailCloneSubject: "Uma chave de segurança da sua conta pode ter sido copiada",
		mailClone: "Sua chave de segurança %[1]q entrou a partir de %[2]s com um contador de assinaturas de %[3]d, mas ele já tinha chegado a %[4]d. Uma chave genuína só conta para cima, então pode existir uma cópia dela; a entrada foi recusada.\n\n" +
			"Se você não acabou de usar esta chave, remova-a em Minha conta -> Segurança e altere sua senha.",
		mailKeyAddedSubject: "Uma chave de segurança foi adicionada à sua conta",
		mailKeyAdded: "A chave de segurança ou chave de acesso %[1]q foi adicionada à sua conta (de %[2]s); agora é possível entrar com ela.\n\n" +
			"Se não foi você, alguém tem acesso à sua conta: remova-a em Minha conta -> Segurança e altere sua senha.",
		mailKeyRemovedSubject: "Uma chave de segurança foi removida da sua conta",
		mailKeyRemoved: "A chave de segurança ou chave de acesso %[1]q foi removida da sua conta (de %[2]s); não é mais possível entrar com ela.\n\n" +
			"Se não foi você, alguém tem acesso à sua conta: altere sua senha.",
		mailPasswordChangedSubject: "Sua senha foi alterada",
		mailPasswordChanged: "A senha da sua conta foi alterada; as outras sessões foram encerradas e os dispositivos confiáveis, esquecidos.\n\n" +
			"Se não foi você, alguém tem acesso à sua conta: use um código de recuperação para entrar e volte à senha anterior.",
		mailPasswordResetSubject: "Sua senha foi redefinida",
		mailPasswordResetFrom: "A senha da sua conta foi redefinida com um link enviado para este endereço (de %s). Todas as sessões foram encerradas, os aplicativos foram desconectados e os dispositivos confiáveis, esquecidos. A autenticação de dois fatores continua como estava: se a conta a tiver, ao entrar ainda será pedido seu segundo fator.\n\n" +
			"Se não foi você, alguém consegue ler seus e-mails: proteja primeiro sua caixa de correio e depois use “Esqueceu a senha?” na página de entrada para escolher uma nova senha.",
		mailPasswordReset: "A senha da sua conta foi redefinida com um link enviado para este endereço. Todas as sessões foram encerradas, os aplicativos foram desconectados e os dispositivos confiáveis, esquecidos. A autenticação de dois fatores continua como estava: se a conta a tiver, ao entrar ainda será pedido seu segundo fator.\n\n" +
			"Se não foi você, alguém consegue ler seus e-mails: proteja primeiro sua caixa de correio e depois use “Esqueceu a senha?” na página de entrada para escolher uma nova senha.",
	})
}

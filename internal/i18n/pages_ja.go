package i18n

// The Japanese texts of the user pages that ja.go lacks: an app's consent
// and sign-out, a deleted account, a new email address's code, adding a
// security key, the notices, the confirmations of changes, the Security
// page's activity and the texts the scripts show. Terms, style (です/ます)
// and spacing as in the glossary of ja.go; plurals have only "other".
func init() {
	add("ja", Messages{
		// An app's consent and sign-out.
		"Allow %s to sign you in?":                                     "%s へのログインを許可しますか？",
		"You are signed in to %[1]s as <strong>%[2]s</strong>.":        "%[1]s に <strong>%[2]s</strong> としてログインしています。",
		"<strong>%s</strong> will get:":                                "<strong>%s</strong> に渡される情報:",
		"a stable identifier of your account (not your email address)": "アカウントの固定の識別子（メールアドレスではありません）",
		"your email address, and whether it has been confirmed":        "メールアドレスと、それが確認済みかどうか",
		"your name": "名前",
		"access while you are away, until you revoke it": "取り消すまで、あなたが操作していない間のアクセス",
		"It will not get your password or your second factors. You can take this access back at any time under Security › Apps with access.": "パスワードや第 2 要素が渡されることはありません。このアクセスは、セキュリティ › アクセスを許可したアプリ からいつでも取り消せます。",
		"Allow":                 "許可",
		"Deny":                  "拒否",
		"Sign out":              "ログアウト",
		"Signed out of the app": "アプリからログアウトしました",
		"The app has signed you out. You are still signed in to %s in this browser, so other apps can sign you in without a password.": "アプリからログアウトしました。このブラウザーでは %s にログインしたままなので、ほかのアプリはパスワードなしであなたをログインさせることができます。",
		"Sign out of %s too": "%s からもログアウト",
		"Stay signed in":     "ログインしたままにする",
		"The app has signed you out, and you are not signed in to %s in this browser.": "アプリからログアウトしました。このブラウザーでは %s にログインしていません。",

		// A deleted account.
		"Account deleted":          "アカウントを削除しました",
		"Your account was deleted": "アカウントを削除しました",
		"Your account and everything in it are gone, and this browser is logged out.":                      "アカウントとその中のすべてが削除され、このブラウザーはログアウトしました。",
		"We mailed a notice to your address. You may sign up again with it at any time, as a new account.": "お知らせをメールでお送りしました。このアドレスで、いつでも新しいアカウントとして登録し直せます。",

		// The code of a new email address.
		"Confirm your new email address":                  "新しいメールアドレスの確認",
		"We sent a code to %[1]s. It is valid for %[2]s.": "%[1]s にコードを送信しました。有効期間は %[2]s です。",
		"Code from the email":                             "メールに記載のコード",
		"Email me a new code":                             "新しいコードをメールで受け取る",

		// Adding a security key.
		"Name the key, then press the button and follow your browser: touch your security key, or confirm with your fingerprint, face or device PIN to make a passkey.": "キーに名前を付けてからボタンを押し、ブラウザーの案内に従ってください。セキュリティキーに触れるか、指紋、顔、またはデバイスの PIN で確認するとパスキーが作成されます。",
		"e.g. YubiKey, or Laptop": "例: YubiKey、ノート PC",
		"So you can tell your keys apart. Leave it empty for a name like “Passkey 1”.": "キーを見分けるための名前です。空欄にすると「Passkey 1」のような名前になります。",
		"Add the key": "キーを追加",
		"Adding a security key needs a browser with JavaScript on that supports them.": "セキュリティキーを追加するには、セキュリティキーに対応し、JavaScript が有効なブラウザーが必要です。",

		// The texts of static/webauthn.js and static/recovery.js.
		"The request was cancelled or timed out, or no security key or passkey of this site answered. Try again, or use another method.": "リクエストがキャンセルされたかタイムアウトしたか、このサイトのセキュリティキーやパスキーが応答しませんでした。もう一度お試しいただくか、別の方法をお使いください。",
		"This security key is already registered to your account.":                                                                       "このセキュリティキーは、すでにアカウントに登録されています。",
		"Your browser refused the request: open this site at its own address, over https.":                                               "ブラウザーがリクエストを拒否しました。このサイト本来のアドレスを https で開いてください。",
		"This security key does not support what this site asks for.":                                                                    "このセキュリティキーは、このサイトが求める機能に対応していません。",
		"The security key request failed.":                                                                                               "セキュリティキーへのリクエストに失敗しました。",
		"The server did not start the security key request. Reload the page and try again.":                                              "サーバーがセキュリティキーへのリクエストを開始しませんでした。ページを再読み込みして、もう一度お試しください。",
		"%[1]s recovery codes for %[2]s":                                                                                                 "%[2]s の %[1]s リカバリーコード",
		"Each code works once. Keep them somewhere safe.":                                                                                "各コードは 1 回だけ使えます。安全な場所に保管してください。",
		"Copied the codes to the clipboard.":                                                                                             "コードをクリップボードにコピーしました。",
		"The codes are selected: press Ctrl+C (or ⌘C) to copy them.":                                                                     "コードを選択しました。Ctrl+C（または ⌘C）を押してコピーしてください。",
		"Downloaded %s.": "%s をダウンロードしました。",

		// Notices.
		"Thank you, it's you. Now send the Change password form again: for the next %s it needs no code.":                                                                                                                         "ご本人確認ができました。「パスワードの変更」フォームをもう一度送信してください。今から %s はコードが不要です。",
		"Your administrator requires an authenticator app or a security key for this account. Set one up below to go on: add a security key or passkey, or scan the QR code of an authenticator app and enter the code it shows.": "管理者により、このアカウントには認証アプリまたはセキュリティキーの設定が必須とされています。続けるには、下でいずれかを設定してください。セキュリティキーまたはパスキーを追加するか、認証アプリで QR コードをスキャンして表示されたコードを入力します。",
		"Your administrator requires an authenticator app for this account. Set one up below to go on: scan the QR code with the app and enter the code it shows.":                                                                "管理者により、このアカウントには認証アプリの設定が必須とされています。続けるには、下で設定してください。アプリで QR コードをスキャンし、表示されたコードを入力します。",
		"The device was revoked: it will be asked for a second factor at its next login.":                                                                                                                                         "デバイスを取り消しました。次回のログイン時に第 2 要素が求められます。",
		"Every trusted device was revoked.":                                                                 "信頼済みデバイスをすべて取り消しました。",
		"The session was ended: that browser or app is logged out.":                                         "セッションを終了しました。そのブラウザーまたはアプリはログアウトしました。",
		"Every other session was ended: only this browser is still logged in.":                              "他のセッションをすべて終了しました。ログインしたままなのはこのブラウザーだけです。",
		"Password changed. Other sessions were signed out and trusted devices forgotten.":                   "パスワードを変更しました。他のセッションはログアウトされ、信頼済みデバイスの登録は解除されました。",
		"Email address changed. Mail about your account now goes to the new address; the old one was told.": "メールアドレスを変更しました。アカウントに関するメールは今後新しいアドレスに届きます。以前のアドレスにはお知らせを送信しました。",
		"The app's access was revoked: it was signed out and must ask again at its next sign-in.":           "アプリのアクセスを取り消しました。アプリはログアウトされ、次回のログイン時に改めて許可を求めます。",
		"The site you came from needs two-factor authentication, which your account does not have yet. Turn on an authenticator app or email codes below, then open the site again and log in with it.": "移動元のサイトでは 2 段階認証が必要ですが、このアカウントではまだ設定されていません。下で認証アプリまたはメールで届くコードを有効にしてから、サイトを開き直してログインしてください。",
		"The site you came from needs two-factor authentication: log in again with your second factor.":                                                                                                 "移動元のサイトでは 2 段階認証が必要です。第 2 要素を使ってもう一度ログインしてください。",
		"The app you came from asks you to log in again.":                                       "移動元のアプリから、もう一度ログインするよう求められています。",
		"The security key was added: it now signs you in and confirms changes to your account.": "セキュリティキーを追加しました。今後はこのキーでログインし、アカウントの変更を確認できます。",
		"The security key was renamed.":                                                         "セキュリティキーの名前を変更しました。",
		"The security key was removed: it no longer signs you in.":                              "セキュリティキーを削除しました。このキーではもうログインできません。",
		"The authenticator app is enabled.":                                                     "認証アプリを有効にしました。",
		"New recovery codes were made; the old ones no longer work.":                            "新しいリカバリーコードを作成しました。以前のコードはもう使えません。",

		// The confirmations of changes.
		"Change your email address":                                      "メールアドレスの変更",
		"Then we send a code to %s, to check that the address is yours.": "確認後、アドレスがご本人のものか確かめるため、%s にコードを送信します。",
		"Change your password":                                           "パスワードの変更",
		"For your safety the new password is not kept while you confirm, so once your code is accepted, send the Change password form again.": "安全のため、確認の間は新しいパスワードを保持しません。コードが受け付けられたら、「パスワードの変更」フォームをもう一度送信してください。",
		"Confirm":             "確認",
		"Delete your account": "アカウントの削除",
		"Your account is deleted for good, with its second factors, recovery codes, sessions, trusted devices and security events, and apps can no longer sign you in with it. This cannot be undone. We mail a notice to your address.": "アカウントは、第 2 要素、リカバリーコード、セッション、信頼済みデバイス、セキュリティイベントとともに完全に削除され、アプリもこのアカウントでログインできなくなります。元に戻すことはできません。お知らせをメールでお送りします。",
		"Delete my account": "アカウントを削除する",
		"Whoever adds a security key or passkey can sign in with it, so confirm it's you first.": "セキュリティキーやパスキーを追加した人はそれでログインできるため、まずご本人確認をお願いします。",
		"Remove a security key or passkey":                                       "セキュリティキーまたはパスキーの削除",
		"The key will no longer sign you in or confirm changes to your account.": "このキーでのログインや、アカウントの変更の確認はできなくなります。",
		"Remove the key": "キーを削除",

		// The Security page's activity: event labels.
		"Email address change undone":                                    "メールアドレスの変更を取り消し",
		"App allowed to sign you in":                                     "アプリへのログインを許可",
		"App access revoked":                                             "アプリのアクセスを取り消し",
		"An app's sign-in code was used twice: its tokens were revoked":  "アプリのログイン用コードが 2 回使われたため、そのトークンを無効化",
		"An app's refresh token was used twice: its tokens were revoked": "アプリのリフレッシュトークンが 2 回使われたため、そのトークンを無効化",
		"Language changed":                                               "言語を変更",
		"Password reset link mailed":                                     "パスワード再設定用のリンクをメールで送信",
		"Password reset with a mailed link":                              "メールのリンクでパスワードを再設定",
		"Server settings changed":                                        "サーバーの設定を変更",
		"Role changed by an administrator":                               "管理者がロールを変更",
		"Two-factor authentication reset by an administrator":            "管理者が 2 段階認証をリセット",
		"Locks lifted by an administrator":                               "管理者がロックを解除",
		"Account disabled by an administrator":                           "管理者がアカウントを無効化",
		"Account enabled by an administrator":                            "管理者がアカウントを有効化",
		"Every session ended by an administrator":                        "管理者がすべてのセッションを終了",
		"Security key renamed":                                           "セキュリティキーの名前を変更",
		"Security key refused: it may have been copied":                  "セキュリティキーを拒否（複製された可能性があります）",
		"Password removed: passkeys only":                                "パスワードを削除（パスキーのみ）",

		// Runs of repeated events: "12 failed logins and 3 wrong
		// second-factor codes from 5 addresses".
		"%[1]s and %[2]s":        "%[1]s、%[2]s",
		"%[1]s, %[2]s and %[3]s": "%[1]s、%[2]s、%[3]s",
		"%[2]s from %[1]d addresses": Plural{
			"other": "%[1]d 件のアドレスから%[2]s",
		},
		"%d failed logins":              Plural{"other": "ログイン失敗 %d 回"},
		"%d wrong second-factor codes":  Plural{"other": "第 2 要素のコードの誤り %d 回"},
		"%d code-entry locks":           Plural{"other": "コード入力のロック %d 回"},
		"%d trusted-device revocations": Plural{"other": "信頼済みデバイスの取り消し %d 回"},
		"%d ended sessions":             Plural{"other": "セッションの終了 %d 回"},
		"%d logouts":                    Plural{"other": "ログアウト %d 回"},
		"%d other events":               Plural{"other": "その他のイベント %d 件"},

		// Event details.
		"with the password only":                                      "パスワードのみで",
		"with the passkey %s":                                         "パスキー %s で",
		"while setting up an authenticator app":                       "認証アプリの設定中",
		"while changing the email address":                            "メールアドレスの変更中",
		"every other session":                                         "他のすべてのセッション",
		"this session":                                                "このセッション",
		"every trusted device":                                        "すべての信頼済みデバイス",
		"every trusted device, as the password was changed":           "パスワードが変更されたため、すべての信頼済みデバイス",
		"every trusted device, as the password was reset":             "パスワードが再設定されたため、すべての信頼済みデバイス",
		"every trusted device, as the authenticator app was disabled": "認証アプリが無効になったため、すべての信頼済みデバイス",
		"every trusted device, as email codes were turned off":        "メールで届くコードがオフになったため、すべての信頼済みデバイス",
		"every trusted device, as the email address was changed":      "メールアドレスが変更されたため、すべての信頼済みデバイス",
		"every trusted device, as an email change was undone":         "メールアドレスの変更が取り消されたため、すべての信頼済みデバイス",
		"user":                             "ユーザー",
		"administrator":                    "管理者",
		"passkey refused: %s":              "パスキーを拒否: %s",
		"a passkey of another account: %s": "別のアカウントのパスキー: %s",
		"for %s":                           "期間: %s",
		"from %[1]s to %[2]s":              "%[1]s から %[2]s へ",
		"%[1]s: its counter went from %[2]d to %[3]d": "%[1]s: カウンターが %[2]d から %[3]d になりました",
		"from %[1]s to %[2]s, %[3]s":                  "%[1]s から %[2]s へ（%[3]s）",
		"by the command line":                         "コマンドラインから",
		"by %s":                                       "%s による",
		"unknown browser":                             "不明なブラウザー",
		"%[1]s on %[2]s":                              "%[1]s（%[2]s）",

		// The grace left to set up a second factor: "3 days 4 hours".
		"%d days":           Plural{"other": "%d 日"},
		"%d hours":          Plural{"other": "%d 時間"},
		"%[1]d days %[2]s":  Plural{"other": "%[1]d 日 %[2]s"},
		"%[1]d hours %[2]s": Plural{"other": "%[1]d 時間 %[2]s"},
	})
}

package i18n

// The Simplified Chinese texts of the user pages that zh_hans.go lacks: an
// app's consent and sign-out, a deleted account, a new email address's
// code, adding a security key, the notices, the confirmations of changes,
// the Security page's activity and the texts the scripts show. Terms, form
// of address ("您") and spacing as in the glossary of zh_hans.go; plurals
// have only "other".
func init() {
	add("zh-Hans", Messages{
		// An app's consent and sign-out.
		"Allow %s to sign you in?":                                     "允许 %s 让您登录吗？",
		"You are signed in to %[1]s as <strong>%[2]s</strong>.":        "您已以 <strong>%[2]s</strong> 的身份登录 %[1]s。",
		"<strong>%s</strong> will get:":                                "<strong>%s</strong> 将获得：",
		"a stable identifier of your account (not your email address)": "您账户的固定标识符（不是您的邮箱地址）",
		"your email address, and whether it has been confirmed":        "您的邮箱地址，以及它是否已验证",
		"your name": "您的姓名",
		"access while you are away, until you revoke it": "在您离开期间的访问权限，直到您撤销为止",
		"It will not get your password or your second factors. You can take this access back at any time under Security › Apps with access.": "它不会获得您的密码或第二重验证方式。您可以随时在“安全 › 有访问权限的应用”中收回此访问权限。",
		"Allow":                 "允许",
		"Deny":                  "拒绝",
		"Sign out":              "退出登录",
		"Signed out of the app": "已退出应用",
		"The app has signed you out. You are still signed in to %s in this browser, so other apps can sign you in without a password.": "该应用已让您退出登录。您在此浏览器中仍登录着 %s，因此其他应用无需密码即可让您登录。",
		"Sign out of %s too": "同时退出 %s",
		"Stay signed in":     "保持登录",
		"The app has signed you out, and you are not signed in to %s in this browser.": "该应用已让您退出登录，您在此浏览器中也未登录 %s。",

		// A deleted account.
		"Account deleted":          "账户已删除",
		"Your account was deleted": "您的账户已删除",
		"Your account and everything in it are gone, and this browser is logged out.":                      "您的账户及其中的所有内容均已删除，此浏览器也已退出登录。",
		"We mailed a notice to your address. You may sign up again with it at any time, as a new account.": "我们已向您的邮箱发送通知。您可以随时用该邮箱地址重新注册一个新账户。",

		// The code of a new email address.
		"Confirm your new email address":                  "验证您的新邮箱地址",
		"We sent a code to %[1]s. It is valid for %[2]s.": "我们已向 %[1]s 发送验证码，有效期为 %[2]s。",
		"Code from the email":                             "邮件中的验证码",
		"Email me a new code":                             "重新发送验证码到我的邮箱",

		// Adding a security key.
		"Name the key, then press the button and follow your browser: touch your security key, or confirm with your fingerprint, face or device PIN to make a passkey.": "为密钥命名，然后点击按钮并按浏览器提示操作：触碰您的安全密钥，或用指纹、面容或设备 PIN 确认以创建通行密钥。",
		"e.g. YubiKey, or Laptop": "例如 YubiKey 或笔记本电脑",
		"So you can tell your keys apart. Leave it empty for a name like “Passkey 1”.": "便于您区分各个密钥。留空则使用类似“Passkey 1”的名称。",
		"Add the key": "添加密钥",
		"Adding a security key needs a browser with JavaScript on that supports them.": "添加安全密钥需要支持安全密钥并已启用 JavaScript 的浏览器。",

		// The texts of static/webauthn.js and static/recovery.js.
		"The request was cancelled or timed out, or no security key or passkey of this site answered. Try again, or use another method.": "请求已取消或超时，或者本网站的安全密钥和通行密钥均未响应。请重试，或改用其他方式。",
		"This security key is already registered to your account.":                                                                       "此安全密钥已注册到您的账户。",
		"Your browser refused the request: open this site at its own address, over https.":                                               "您的浏览器拒绝了请求：请通过 https 在本网站自己的地址打开它。",
		"This security key does not support what this site asks for.":                                                                    "此安全密钥不支持本网站要求的功能。",
		"The security key request failed.":                                                                                               "安全密钥请求失败。",
		"The server did not start the security key request. Reload the page and try again.":                                              "服务器未能发起安全密钥请求。请重新加载页面后重试。",
		"%[1]s recovery codes for %[2]s":                                                                                                 "%[2]s 的 %[1]s 恢复码",
		"Each code works once. Keep them somewhere safe.":                                                                                "每个恢复码只能使用一次。请妥善保管。",
		"Copied the codes to the clipboard.":                                                                                             "已将恢复码复制到剪贴板。",
		"The codes are selected: press Ctrl+C (or ⌘C) to copy them.":                                                                     "已选中恢复码：按 Ctrl+C（或 ⌘C）复制。",
		"Downloaded %s.": "已下载 %s。",

		// Notices.
		"Thank you, it's you. Now send the Change password form again: for the next %s it needs no code.":                                                                                                                         "谢谢，已确认是您本人。现在请再次提交“修改密码”表单：接下来的 %s 内无需验证码。",
		"Your administrator requires an authenticator app or a security key for this account. Set one up below to go on: add a security key or passkey, or scan the QR code of an authenticator app and enter the code it shows.": "您的管理员要求此账户使用身份验证器应用或安全密钥。请在下方设置其中一种以继续：添加安全密钥或通行密钥，或用身份验证器应用扫描二维码并输入其显示的验证码。",
		"Your administrator requires an authenticator app for this account. Set one up below to go on: scan the QR code with the app and enter the code it shows.":                                                                "您的管理员要求此账户使用身份验证器应用。请在下方设置以继续：用该应用扫描二维码并输入其显示的验证码。",
		"The device was revoked: it will be asked for a second factor at its next login.":                                                                                                                                         "该设备已被撤销：下次登录时将要求进行第二重验证。",
		"Every trusted device was revoked.":                                                                 "所有受信任的设备均已撤销。",
		"The session was ended: that browser or app is logged out.":                                         "会话已结束：该浏览器或应用已退出登录。",
		"Every other session was ended: only this browser is still logged in.":                              "其他会话均已结束：只有此浏览器仍处于登录状态。",
		"Password changed. Other sessions were signed out and trusted devices forgotten.":                   "密码已修改。其他会话已退出登录，受信任的设备已被清除。",
		"Email address changed. Mail about your account now goes to the new address; the old one was told.": "邮箱地址已更改。有关您账户的邮件现在将发送到新地址；旧地址已收到通知。",
		"The app's access was revoked: it was signed out and must ask again at its next sign-in.":           "该应用的访问权限已撤销：它已退出登录，下次登录时必须重新请求授权。",
		"The site you came from needs two-factor authentication, which your account does not have yet. Turn on an authenticator app or email codes below, then open the site again and log in with it.": "您来自的网站要求双重验证，而您的账户尚未开启。请在下方开启身份验证器应用或邮件验证码，然后重新打开该网站并使用它登录。",
		"The site you came from needs two-factor authentication: log in again with your second factor.":                                                                                                 "您来自的网站要求双重验证：请使用第二重验证重新登录。",
		"The app you came from asks you to log in again.":                                       "您来自的应用要求您重新登录。",
		"The security key was added: it now signs you in and confirms changes to your account.": "安全密钥已添加：现在可以用它登录，并确认对您账户的更改。",
		"The security key was renamed.":                                                         "安全密钥已重命名。",
		"The security key was removed: it no longer signs you in.":                              "安全密钥已移除：它不能再用于登录。",
		"The authenticator app is enabled.":                                                     "身份验证器应用已启用。",
		"New recovery codes were made; the old ones no longer work.":                            "已生成新的恢复码；旧的恢复码已失效。",

		// The confirmations of changes.
		"Change your email address":                                      "更改您的邮箱地址",
		"Then we send a code to %s, to check that the address is yours.": "随后我们会向 %s 发送验证码，以确认该地址属于您。",
		"Change your password":                                           "修改您的密码",
		"For your safety the new password is not kept while you confirm, so once your code is accepted, send the Change password form again.": "为了您的安全，确认期间不会保留新密码；验证码通过后，请再次提交“修改密码”表单。",
		"Confirm":             "确认",
		"Delete your account": "删除您的账户",
		"Your account is deleted for good, with its second factors, recovery codes, sessions, trusted devices and security events, and apps can no longer sign you in with it. This cannot be undone. We mail a notice to your address.": "您的账户将被永久删除，连同其第二重验证方式、恢复码、会话、受信任的设备和安全事件，应用也无法再通过它让您登录。此操作无法撤销。我们会向您的邮箱发送通知。",
		"Delete my account": "删除我的账户",
		"Whoever adds a security key or passkey can sign in with it, so confirm it's you first.": "添加安全密钥或通行密钥的人都可以用它登录，因此请先确认是您本人。",
		"Remove a security key or passkey":                                       "移除安全密钥或通行密钥",
		"The key will no longer sign you in or confirm changes to your account.": "该密钥将不能再用于登录，也不能再确认对您账户的更改。",
		"Remove the key": "移除密钥",

		// The Security page's activity: event labels.
		"Email address change undone":                                    "已撤销邮箱地址更改",
		"App allowed to sign you in":                                     "已允许应用让您登录",
		"App access revoked":                                             "已撤销应用的访问权限",
		"An app's sign-in code was used twice: its tokens were revoked":  "某应用的登录代码被使用了两次：其令牌已被撤销",
		"An app's refresh token was used twice: its tokens were revoked": "某应用的刷新令牌被使用了两次：其令牌已被撤销",
		"Language changed":                                               "已更改语言",
		"Password reset link mailed":                                     "已发送密码重置链接",
		"Password reset with a mailed link":                              "已通过邮件中的链接重置密码",
		"Server settings changed":                                        "已更改服务器设置",
		"Role changed by an administrator":                               "管理员更改了角色",
		"Two-factor authentication reset by an administrator":            "管理员重置了双重验证",
		"Locks lifted by an administrator":                               "管理员解除了锁定",
		"Account disabled by an administrator":                           "管理员停用了账户",
		"Account enabled by an administrator":                            "管理员启用了账户",
		"Every session ended by an administrator":                        "管理员结束了所有会话",
		"Security key renamed":                                           "已重命名安全密钥",
		"Security key refused: it may have been copied":                  "已拒绝安全密钥：它可能已被复制",
		"Password removed: passkeys only":                                "已移除密码：仅使用通行密钥",

		// Runs of repeated events: "12 failed logins and 3 wrong
		// second-factor codes from 5 addresses".
		"%[1]s and %[2]s":        "%[1]s 和 %[2]s",
		"%[1]s, %[2]s and %[3]s": "%[1]s、%[2]s 和 %[3]s",
		"%[2]s from %[1]d addresses": Plural{
			"other": "来自 %[1]d 个地址的 %[2]s",
		},
		"%d failed logins":              Plural{"other": "%d 次登录失败"},
		"%d wrong second-factor codes":  Plural{"other": "%d 次第二重验证的验证码错误"},
		"%d code-entry locks":           Plural{"other": "%d 次验证码输入锁定"},
		"%d trusted-device revocations": Plural{"other": "%d 次撤销受信任的设备"},
		"%d ended sessions":             Plural{"other": "%d 次结束会话"},
		"%d logouts":                    Plural{"other": "%d 次退出登录"},
		"%d other events":               Plural{"other": "其他 %d 个事件"},

		// Event details.
		"with the password only":                                      "仅通过密码",
		"with the passkey %s":                                         "通过通行密钥 %s",
		"while setting up an authenticator app":                       "设置身份验证器应用时",
		"while changing the email address":                            "更改邮箱地址时",
		"every other session":                                         "其他所有会话",
		"this session":                                                "当前会话",
		"every trusted device":                                        "所有受信任的设备",
		"every trusted device, as the password was changed":           "所有受信任的设备，因为密码已修改",
		"every trusted device, as the password was reset":             "所有受信任的设备，因为密码已重置",
		"every trusted device, as the authenticator app was disabled": "所有受信任的设备，因为身份验证器应用已停用",
		"every trusted device, as email codes were turned off":        "所有受信任的设备，因为邮件验证码已关闭",
		"every trusted device, as the email address was changed":      "所有受信任的设备，因为邮箱地址已更改",
		"every trusted device, as an email change was undone":         "所有受信任的设备，因为邮箱地址更改已撤销",
		"user":                             "用户",
		"administrator":                    "管理员",
		"passkey refused: %s":              "通行密钥被拒绝：%s",
		"a passkey of another account: %s": "另一个账户的通行密钥：%s",
		"for %s":                           "时长 %s",
		"from %[1]s to %[2]s":              "从 %[1]s 改为 %[2]s",
		"%[1]s: its counter went from %[2]d to %[3]d": "%[1]s：其计数器从 %[2]d 变为 %[3]d",
		"from %[1]s to %[2]s, %[3]s":                  "从 %[1]s 改为 %[2]s，%[3]s",
		"by the command line":                         "通过命令行",
		"by %s":                                       "由 %s 操作",
		"unknown browser":                             "未知浏览器",
		"%[1]s on %[2]s":                              "%[2]s 上的 %[1]s",

		// The grace left to set up a second factor: "3 days 4 hours".
		"%d days":           Plural{"other": "%d 天"},
		"%d hours":          Plural{"other": "%d 小时"},
		"%[1]d days %[2]s":  Plural{"other": "%[1]d 天 %[2]s"},
		"%[1]d hours %[2]s": Plural{"other": "%[1]d 小时 %[2]s"},
	})
}

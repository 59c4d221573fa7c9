package core_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/coretest"
	"github.com/twofa-dev/twofa/internal/mail/mailtest"
)

// noticeIn is what one notification says in one language: its whole
// subject and some of its text.
type noticeIn struct {
	subject string
	text    []string
}

// noticesIn is what the notifications of an account read in one language.
type noticesIn struct {
	lang string
	// codeMail matches the subject of the code mails.
	codeMail *regexp.Regexp
	// hello and review begin and end every notice.
	hello, review string
	totpOn, device, recoveryUsed, newCodes,
	emailChanged, passwordChanged, putBack, locked, reset2FA, deleted noticeIn
}

var noticeLanguages = []noticesIn{
	{
		lang: "de", codeMail: regexp.MustCompile(`^Ihr Bestätigungscode für `),
		hello: "Hallo Tester,", review: "Die letzten Sicherheitsereignisse finden Sie unter Mein Konto -> Sicherheit.",
		totpOn: noticeIn{"Eine Authenticator-App wurde eingeschaltet",
			[]string{"Eine Authenticator-App (TOTP) wurde als zweiter Faktor Ihres Kontos eingeschaltet"}},
		device: noticeIn{"Ein neues Gerät wurde als vertrauenswürdig gespeichert",
			[]string{"überspringt 30 Tage lang den zweiten Schritt:", "  Adresse: 192.0.2.1\n  Browser: test\n"}},
		recoveryUsed: noticeIn{"Ein Wiederherstellungscode wurde verwendet",
			[]string{"(von 192.0.2.1 aus)", "Sie haben noch 11 unbenutzte Wiederherstellungscodes."}},
		newCodes: noticeIn{"Neue Wiederherstellungscodes wurden erstellt",
			[]string{"Ihre Wiederherstellungscodes wurden neu erstellt; die alten funktionieren nicht mehr."}},
		emailChanged: noticeIn{"Ihre E-Mail-Adresse wurde geändert",
			[]string{"Die E-Mail-Adresse Ihres Kontos wurde in neu-de@example.com geändert.",
				"öffnen Sie innerhalb von 7 Tagen diesen Link", "/email/undo?token="}},
		passwordChanged: noticeIn{"Ihr Passwort wurde geändert",
			[]string{"Das Passwort Ihres Kontos wurde geändert; andere Sitzungen wurden abgemeldet"}},
		putBack: noticeIn{"Ihre E-Mail-Adresse wurde wiederhergestellt",
			[]string{"Die E-Mail-Adresse Ihres Kontos ist wieder alt-de@example.com (sie war in neu-de@example.com geändert worden)",
				"Das Passwort war seitdem geändert worden"}},
		locked: noticeIn{"Die Code-Eingabe auf einem Ihrer Geräte ist gesperrt",
			[]string{"Jemand hat für Ihr Konto 5-mal einen falschen Code oder ein falsches Passwort eingegeben, " +
				"und zwar von einem Gerät, das noch nie bei Ihrem Konto angemeldet war (192.0.2.1).",
				"die Code-Eingabe dort bis 26. Nov. 2026, "}},
		reset2FA: noticeIn{"Ihre Zwei-Faktor-Authentifizierung wurde zurückgesetzt",
			[]string{"Ein Administrator hat die Zwei-Faktor-Authentifizierung Ihres Kontos zurückgesetzt",
				"mit „Passwort vergessen?“ auf der Anmeldeseite"}},
		deleted: noticeIn{"Ihr twofa-Konto wurde gelöscht",
			[]string{"Ihr twofa-Konto alt-de@example.com wurde am 26. Nov. 2026, ", "von einem Administrator gelöscht.",
				"Wenn Sie das nicht waren, wenden Sie sich an den Administrator dieses Dienstes."}},
	},
	{
		lang: "ar", codeMail: regexp.MustCompile(`^رمز التحقق الخاص بك في `),
		hello: "مرحبًا Tester،", review: "يمكنك مراجعة أحداث الأمان الأخيرة من «حسابي» ← «الأمان».",
		totpOn: noticeIn{"فُعّل تطبيق مصادقة",
			[]string{"فُعّل تطبيق مصادقة (TOTP) عاملًا ثانيًا لحسابك"}},
		device: noticeIn{"أصبح جهاز جديد موثوقًا",
			[]string{"ضُبط جهاز ليتخطى الخطوة الثانية لمدة ٣٠ يومًا:", "  العنوان: 192.0.2.1\n  المتصفح: test\n"}},
		recoveryUsed: noticeIn{"استُخدم رمز استرداد",
			[]string{"(من 192.0.2.1)", "يتبقى لديك ١١ رمز استرداد غير مستخدم."}},
		newCodes: noticeIn{"أُنشئت رموز استرداد جديدة",
			[]string{"أُعيد إنشاء رموز الاسترداد الخاصة بك؛ ولم تعد الرموز القديمة تعمل."}},
		emailChanged: noticeIn{"تغيّر عنوان بريدك الإلكتروني",
			[]string{"تغيّر عنوان البريد الإلكتروني لحسابك إلى neu-ar@example.com.",
				"فافتح هذا الرابط خلال ٧ أيام", "/email/undo?token="}},
		passwordChanged: noticeIn{"تغيّرت كلمة مرورك",
			[]string{"تغيّرت كلمة مرور حسابك؛ وسُجّل خروج الجلسات الأخرى"}},
		putBack: noticeIn{"استُعيد عنوان بريدك الإلكتروني",
			[]string{"عاد عنوان البريد الإلكتروني لحسابك إلى alt-ar@example.com (كان قد تغيّر إلى neu-ar@example.com)",
				"وكانت كلمة المرور قد تغيّرت منذ ذلك الحين"}},
		locked: noticeIn{"قُفل إدخال الرموز على أحد أجهزتك",
			[]string{"أدخل أحدهم رموزًا أو كلمات مرور خاطئة لحسابك ٥ مرات من جهاز لم يسجّل الدخول إلى حسابك من قبل (192.0.2.1)",
				"قفلنا إدخال الرموز هناك حتى ٢٦ نوفمبر ٢٠٢٦، "}},
		reset2FA: noticeIn{"أُعيد تعيين المصادقة الثنائية لحسابك",
			[]string{"أعاد أحد المسؤولين تعيين المصادقة الثنائية لحسابك", "«هل نسيت كلمة المرور؟»"}},
		deleted: noticeIn{"حُذف حسابك في twofa",
			[]string{"حذف أحد المسؤولين حسابك alt-ar@example.com في twofa بتاريخ ٢٦ نوفمبر ٢٠٢٦، ",
				"إذا لم تكن أنت، فتواصل مع مسؤول هذه الخدمة."}},
	},
}

// englishInNotices are sentences and words of the English notices that a
// translated one must not keep.
var englishInNotices = []string{"Hello", "If this was not you", "If you did not", "You can review", "Your ",
	"your account", "recovery code", "trusted device", "sign in", "signed out", "password", "was deleted"}

// TestNoticesInAccountLanguage walks an account whose language is German,
// then one whose language is Arabic, through the changes that mail a
// notice, end to end through the outbox and the SMTP server: an
// authenticator app enabled, a login with a recovery code from a device it
// trusts, new recovery codes, an address change (the notice to the old
// address), a password change, the address put back with the undo link
// (and the password of that time), wrong codes that lock a device out, a
// 2FA reset by an administrator and the deletion of the account. Each
// notice arrives in the account's language, subject and text, with its
// counts, durations and dates in the language's words and digits, and no
// English sentence left.
func TestNoticesInAccountLanguage(t *testing.T) {
	for _, l := range noticeLanguages {
		t.Run(l.lang, func(t *testing.T) {
			r := newRig(t, func(c *core.Config) { c.RecoveryCodes = 12 })
			ctx := context.Background()
			old, addr := "alt-"+l.lang+"@example.com", "neu-"+l.lang+"@example.com"
			u, err := r.Svc.SignUp(ctx, core.SignUpInput{Email: old, Password: pw, Name: "Tester", Language: l.lang}, r.meta)
			if err != nil {
				t.Fatal(err)
			}
			res, err := r.Svc.Login(ctx, core.LoginInput{Email: old, Password: pw}, r.meta)
			if err != nil || res.Challenge == nil {
				t.Fatalf("login: %+v, %v", res, err)
			}
			s, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: res.Challenge.Token, Method: core.MethodEmail,
				Code: r.codeIn(l, old)}, r.meta)
			if err != nil {
				t.Fatal(err)
			}
			p, err := r.Svc.Authenticate(ctx, s.Token)
			if err != nil {
				t.Fatal(err)
			}

			// The authenticator app, set up with a step-up code mailed in the language.
			if err := r.Svc.ConfirmIdentity(ctx, p, core.Proof{Method: core.MethodEmail}, r.meta); errCode(err) != core.CodeTwoFactorRequired {
				t.Fatalf("asking for a step-up code: %v", err)
			}
			setup, err := r.Svc.BeginTOTPSetup(ctx, p, core.Proof{Method: core.MethodEmail, Code: r.codeIn(l, old)}, r.meta)
			if err != nil {
				t.Fatal(err)
			}
			recovery, err := r.Svc.ConfirmTOTP(ctx, p, coretest.TOTPCode(t, setup.Secret, r.Clock.Now()), r.meta)
			if err != nil {
				t.Fatal(err)
			}
			r.expectNotice(l, old, l.totpOn)
			totp := func() core.Proof {
				r.Clock.Advance(time.Minute) // a TOTP step works once
				return core.Proof{Method: core.MethodTOTP, Code: coretest.TOTPCode(t, setup.Secret, r.Clock.Now())}
			}

			// A login with a recovery code that trusts its device: two notices.
			res, err = r.Svc.Login(ctx, core.LoginInput{Email: old, Password: pw}, r.meta)
			if err != nil || res.Challenge == nil {
				t.Fatalf("login: %+v, %v", res, err)
			}
			if _, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: res.Challenge.Token, Method: core.MethodRecovery,
				Code: recovery[0], RememberDevice: true}, r.meta); err != nil {
				t.Fatal(err)
			}
			r.expectNotices(l, old, l.recoveryUsed, l.device)

			if p, err = r.Svc.Authenticate(ctx, s.Token); err != nil {
				t.Fatal(err)
			}
			if _, err := r.Svc.RegenerateRecoveryCodes(ctx, p, totp(), r.meta); err != nil {
				t.Fatal(err)
			}
			r.expectNotice(l, old, l.newCodes)

			// The address: a code to the new one, the notice with the undo link to the old one.
			if _, err := r.Svc.RequestEmailChange(ctx, p, addr, totp(), r.meta); err != nil {
				t.Fatal(err)
			}
			if err := r.Svc.ConfirmEmailChange(ctx, p, addr, r.codeIn(l, addr), r.meta); err != nil {
				t.Fatal(err)
			}
			undo := r.expectNotice(l, old, l.emailChanged).Find(regexp.MustCompile(`/email/undo\?token=(\S+)`))

			if err := r.Svc.ChangePassword(ctx, p, pw, "a new long passphrase", totp(), r.meta); err != nil {
				t.Fatal(err)
			}
			r.expectNotice(l, addr, l.passwordChanged)

			if _, err := r.Svc.UndoEmailChange(ctx, undo, r.meta); err != nil {
				t.Fatal(err)
			}
			r.expectNotice(l, old, l.putBack)

			// Wrong codes from a device the account does not know lock it out.
			res, err = r.Svc.Login(ctx, core.LoginInput{Email: old, Password: pw}, r.meta)
			if err != nil || res.Challenge == nil {
				t.Fatalf("login: %+v, %v", res, err)
			}
			wrong := coretest.WrongTOTP(t, setup.Secret, r.Clock.Now())
			for range 5 {
				if _, err := r.Svc.CompleteLogin(ctx, core.SecondStep{Challenge: res.Challenge.Token, Method: core.MethodTOTP,
					Code: wrong}, r.meta); errCode(err) != core.CodeTwoFactorInvalid {
					t.Fatalf("a wrong code: %v", err)
				}
			}
			r.expectNotice(l, old, l.locked)

			if err := r.Svc.ResetTwoFactor(ctx, u.ID, core.CommandLine()); err != nil {
				t.Fatal(err)
			}
			r.expectNotice(l, old, l.reset2FA)

			if err := r.Svc.DeleteUser(ctx, u.ID, core.CommandLine()); err != nil {
				t.Fatal(err)
			}
			m := r.WaitMail(old, regexp.MustCompile("^"+regexp.QuoteMeta(l.deleted.subject)+"$"))
			r.expectText(m, append([]string{l.hello + "\n\n"}, l.deleted.text...))
		})
	}
}

// codeIn waits for the next code mail to addr, which must be in l's
// language, and returns its code.
func (r *rig) codeIn(l noticesIn, addr string) string {
	r.t.Helper()
	m := r.WaitMail(addr, l.codeMail)
	code := m.Find(coretest.EmailCodeRe)
	if code == "" {
		r.t.Fatalf("no code in %q:\n%s", m.Subject, m.Text)
	}
	return code
}

// expectNotice waits for the notice n to addr, in l's language, and
// returns it.
func (r *rig) expectNotice(l noticesIn, addr string, n noticeIn) mailtest.Received {
	r.t.Helper()
	return r.expectNotices(l, addr, n)[0]
}

// expectNotices waits for the notices ns to addr, in any order, skipping
// code mails, and checks each is wholly in l's language; it returns them
// in the order of ns.
func (r *rig) expectNotices(l noticesIn, addr string, ns ...noticeIn) []mailtest.Received {
	r.t.Helper()
	got := make([]mailtest.Received, len(ns))
	found := 0
	deadline := time.Now().Add(10 * time.Second)
	for found < len(ns) {
		if time.Now().After(deadline) {
			r.t.Fatalf("%s: %d of %d notices arrived at %s", l.lang, found, len(ns), addr)
		}
		m := r.Mail.WaitFor(r.t, addr, time.Until(deadline))
		if l.codeMail.MatchString(m.Subject) {
			continue
		}
		i := -1
		for j, n := range ns {
			if m.Subject == n.subject && got[j].Subject == "" {
				i = j
			}
		}
		if i < 0 {
			r.t.Fatalf("%s: unexpected mail to %s (want %d more of %v): %q\n%s", l.lang, addr, len(ns)-found, ns, m.Subject, m.Text)
		}
		r.expectText(m, append([]string{l.hello + "\n\n", "\n\n" + l.review + "\n"}, ns[i].text...))
		got[i] = m
		found++
	}
	return got
}

// expectText checks that the mail m holds each of want and none of the
// English notices' sentences.
func (r *rig) expectText(m mailtest.Received, want []string) {
	r.t.Helper()
	for _, w := range want {
		if !strings.Contains(m.Text, w) {
			r.t.Errorf("%q lacks %q:\n%s", m.Subject, w, m.Text)
		}
	}
	for _, english := range englishInNotices {
		if strings.Contains(m.Subject+"\n"+m.Text, english) {
			r.t.Errorf("%q keeps the English %q:\n%s", m.Subject, english, m.Text)
		}
	}
}

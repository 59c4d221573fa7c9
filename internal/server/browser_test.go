package server

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/twofa-dev/twofa/internal/coretest"
)

// stepTimeout bounds each browser step, so a broken page fails the test
// instead of hanging it.
const stepTimeout = 20 * time.Second

// browserTest drives one headless Chromium tab against an env.
type browserTest struct {
	t   *testing.T
	e   *env
	ctx context.Context

	mu       sync.Mutex
	problems []string
}

// newBrowserTest starts Chromium, or skips the test when it is missing
// (and fails it under CI, where it must be installed).
func newBrowserTest(t *testing.T, e *env) *browserTest {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium is not installed, and CI=true needs the browser test: apt-get install -y chromium")
		}
		t.Skip("skipping the browser test: chromium is not installed (apt-get install -y chromium)")
	}
	profile := t.TempDir()
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1100, 900),
	)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(cancel)

	// The first run starts the browser and ties it to ctx, so it gets no
	// deadline of its own; a watchdog ends a start that hangs.
	watchdog := time.AfterFunc(time.Minute, cancelAlloc)
	err = chromedp.Do(ctx)
	watchdog.Stop()
	if err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	b := &browserTest{t: t, e: e, ctx: ctx}
	b.watchConsole()
	return b
}

// watchConsole records uncaught exceptions and console errors, such as a
// CSP violation or a failed asset; check fails the test on any.
func (b *browserTest) watchConsole() {
	messages := chromedp.Console(b.ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.IsException() || m.Type == chromedp.ConsoleError {
				b.mu.Lock()
				b.problems = append(b.problems, m.String())
				b.mu.Unlock()
			}
		}
	}()
}

// forgetConsole drops the console errors recorded so far that contain
// part, for a step that answers an error status by design (Chromium logs
// every 4xx document as a failed resource).
func (b *browserTest) forgetConsole(part string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.problems = slices.DeleteFunc(b.problems, func(p string) bool { return strings.Contains(p, part) })
}

func (b *browserTest) checkConsole() {
	b.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, p := range b.problems {
		b.t.Errorf("browser console: %s", p)
	}
}

// do runs steps under one timeout.
func (b *browserTest) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// run runs one action under the step timeout and returns its value.
func run[T any](b *browserTest, what string, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	return v
}

// waitPage waits until the page named by its body's data-page is shown.
func (b *browserTest) waitPage(name string) {
	b.t.Helper()
	b.do("wait for page "+name, chromedp.WaitVisible(chromedp.CSS(`body[data-page="`+name+`"]`)))
}

// text returns the visible text of the first element sel matches.
func (b *browserTest) text(sel string) string {
	b.t.Helper()
	return strings.TrimSpace(run(b, "read "+sel, chromedp.Text(chromedp.CSS(sel))))
}

// screenshot saves a full-page PNG to docs/screenshots when
// TWOFA_SCREENSHOTS=1, so normal runs write nothing into the tree.
func (b *browserTest) screenshot(name string) {
	b.t.Helper()
	if os.Getenv("TWOFA_SCREENSHOTS") != "1" {
		return
	}
	png := run(b, "screenshot "+name, chromedp.FullScreenshot(100))
	dir := filepath.Join("..", "..", "docs", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// TestBrowserUserGuide walks the user guide in headless Chromium: sign up,
// log in with the emailed code, User Panel -> My Account -> Security,
// "Enable two-factor authentication via TOTP", Verify with the app's code,
// then copy and download the recovery codes and log out.
func TestBrowserUserGuide(t *testing.T) {
	e := newEnv(t)
	b := newBrowserTest(t, e)
	const alice = "alice@example.com"

	b.do("sign up",
		chromedp.Navigate(e.srv.URL+"/signup"),
		chromedp.WaitVisible(chromedp.CSS(`body[data-page="signup"]`)),
		chromedp.SendKeys(chromedp.ID("email"), alice),
		chromedp.SendKeys(chromedp.ID("name"), "Alice"),
		chromedp.SendKeys(chromedp.ID("password"), testPassword),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
	)
	b.waitPage("login")
	if got := b.text(".notice"); got != "Account created. Two-factor authentication by email is on." {
		t.Fatalf("notice after sign-up = %q", got)
	}
	b.screenshot("login")

	b.do("log in",
		chromedp.SendKeys(chromedp.ID("email"), alice),
		chromedp.SendKeys(chromedp.ID("password"), testPassword),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
	)
	b.waitPage("login_2fa")
	b.screenshot("login-2fa")
	b.do("enter the emailed code",
		chromedp.SendKeys(chromedp.ID("code"), e.MailedCode(alice)),
		chromedp.Click(chromedp.CSS(`form[data-methods] button[type="submit"]`)),
	)
	b.waitPage("security")

	// User Panel -> My Account -> Security, as the guide says.
	b.do("open the User Panel",
		chromedp.Click(chromedp.CSS(`.user-panel summary`)),
		chromedp.WaitVisible(chromedp.CSS(`.user-panel .menu a[href="/account"]`)),
	)
	b.screenshot("user-panel")
	b.do("click My Account", chromedp.Click(chromedp.CSS(`.user-panel .menu a[href="/account"]`)))
	b.waitPage("account")
	b.do("see the change-password and change-email forms",
		chromedp.WaitVisible(chromedp.CSS(`form[action="/account/password"] input[name="currentPassword"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/account/password"] input[name="confirmPassword"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/account/email"] input[name="email"]`)),
	)
	b.do("open Security", chromedp.Click(chromedp.CSS(`main a[href="/account/security"]`)))
	b.waitPage("security")
	b.screenshot("security")

	enable := `form[action="/account/security/totp/setup"] button`
	if got := b.text(enable); got != "Enable two-factor authentication via TOTP" {
		t.Fatalf("enable button says %q", got)
	}
	b.do("enable TOTP", chromedp.Click(chromedp.CSS(enable)))
	b.waitPage("confirm") // adding an app asks for a second factor first
	// The confirm page answers 403 (the change waits for a proof).
	b.forgetConsole("status of 403")
	b.do("confirm with the emailed code",
		chromedp.SendKeys(chromedp.ID("code"), e.stepUpCode(alice)),
		chromedp.Click(chromedp.CSS(`form[data-methods] button[type="submit"]`)),
	)
	b.waitPage("totp_setup")
	b.do("wait for the QR code", chromedp.WaitVisible(chromedp.ID("totp-qr")))
	b.screenshot("totp-setup")
	b.verifyApp()
	b.waitPage("recovery_codes")

	codes := run(b, "read the codes", chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll('[data-code]'), el => el.dataset.code)`))
	if len(codes) != 12 {
		t.Fatalf("the page shows %d recovery codes, want 12: %v", len(codes), codes)
	}
	b.copyCodes(codes, "Copied the codes to the clipboard.", "twofa recovery codes for ")
	b.screenshot("recovery-codes")
	b.downloadCodes(codes)

	b.do("log out",
		chromedp.Click(chromedp.CSS(`.user-panel summary`)),
		chromedp.Click(chromedp.CSS(`.user-panel .menu button[type="submit"]`)),
	)
	b.waitPage("login")
	if got := b.text(".notice"); got != "You are logged out." {
		t.Fatalf("notice after logout = %q", got)
	}
	b.checkConsole()
}

// verifyApp reads the key off the TOTP setup page, shown now, and submits
// the code an authenticator app holding that key shows, as a person who
// typed the key in would. It returns the key.
func (b *browserTest) verifyApp() string {
	secret := strings.ReplaceAll(b.text("#totp-secret"), " ", "")
	b.do("verify the app's code",
		chromedp.SendKeys(chromedp.ID("code"), coretest.TOTPCode(b.t, secret, b.e.Clock.Now())),
		chromedp.Click(chromedp.CSS(`form.verify button[type="submit"]`)),
	)
	return secret
}

// logInWithMailedCode fills the login page shown and answers the second
// step with the code mailed to email.
func (b *browserTest) logInWithMailedCode(email string) {
	b.t.Helper()
	b.logIn(email, func() string { return b.e.MailedCode(email) })
}

// logIn fills the login page shown and answers the second step with the
// code code returns (the method offered first).
func (b *browserTest) logIn(email string, code func() string) {
	b.t.Helper()
	b.waitPage("login")
	b.do("log in",
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), testPassword),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)),
	)
	b.waitPage("login_2fa")
	b.do("enter the code",
		chromedp.SendKeys(chromedp.ID("code"), code()),
		chromedp.Click(chromedp.CSS(`form[data-methods] button[type="submit"]`)),
	)
}

// copyCodes clicks Copy with the clipboard allowed, waits for the page to
// say status, and reads the clipboard back: heading, then the codes.
func (b *browserTest) copyCodes(codes []string, status, heading string) {
	b.t.Helper()
	b.allowClipboard()
	b.do("copy",
		chromedp.Click(chromedp.ID("copy-codes")),
		chromedp.Poll[chromedp.Void](`document.getElementById('recovery-status').textContent === `+strconv.Quote(status)),
	)
	b.checkClipboard(codes, heading)
}

// allowClipboard lets the pages of the env read and write the clipboard.
func (b *browserTest) allowClipboard() {
	b.t.Helper()
	for _, name := range []string{"clipboard-read", "clipboard-write"} {
		b.do("allow "+name, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.CallBrowser(ctx, browser.SetPermission, browser.SetPermissionParams{
				Permission: &browser.PermissionDescriptor{Name: name},
				Setting:    browser.PermissionSettingGranted,
				Origin:     b.e.srv.URL,
			})
			return err
		}))
	}
}

// checkClipboard fails the test unless the clipboard starts with heading
// and holds every code.
func (b *browserTest) checkClipboard(codes []string, heading string) {
	b.t.Helper()
	clip := run(b, "read the clipboard", chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise))
	if !strings.HasPrefix(clip, heading) {
		b.t.Fatalf("the clipboard does not start with %q: %q", heading, clip)
	}
	for _, c := range codes {
		if !strings.Contains(clip, c) {
			b.t.Fatalf("the clipboard lacks %s: %q", c, clip)
		}
	}
}

// downloadCodes checks the Download link and saves the file it offers.
func (b *browserTest) downloadCodes(codes []string) {
	b.t.Helper()
	attrs := run(b, "read the Download link", chromedp.Attributes(chromedp.ID("download-codes")))
	if !strings.HasPrefix(attrs["href"], "blob:") || attrs["download"] != "twofa-recovery-codes.txt" {
		b.t.Fatalf("Download link: %v", attrs)
	}
	dir := b.t.TempDir()
	b.do("allow downloads", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir, EventsEnabled: new(true),
		})
		return err
	}))
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	progress := chromedp.BrowserEvents(ctx, browser.DownloadProgress)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("download-codes"))); err != nil {
		b.t.Fatalf("click Download: %v", err)
	}
	for ev, err := range progress {
		if err != nil {
			b.t.Fatalf("wait for the download: %v", err)
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			b.t.Fatal("the download was canceled")
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			break
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, "twofa-recovery-codes.txt"))
	if errors.Is(err, os.ErrNotExist) {
		entries, _ := os.ReadDir(dir)
		b.t.Fatalf("no twofa-recovery-codes.txt in the download folder: %v", entries)
	}
	if err != nil {
		b.t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) < len(codes) || !slices.Equal(lines[len(lines)-len(codes):], codes) {
		b.t.Fatalf("downloaded file does not end with the codes:\n%s", data)
	}
}

// TestBrowserEndSession: in headless Chromium, the owner ends another
// session from the Security page's list; that session's token no longer
// authenticates, and the browser's own session lives on.
func TestBrowserEndSession(t *testing.T) {
	e := newEnv(t)
	b := newBrowserTest(t, e)
	const alice = "alice@example.com"
	e.signUp(alice)
	otherToken := e.loginEmail(alice)
	_, otherID := e.sessionIDs(otherToken)

	b.do("open the login page", chromedp.Navigate(e.srv.URL+"/login"))
	b.logInWithMailedCode(alice)
	b.waitPage("security")
	if got := b.text(`#sessions tr.current .badge`); got != "This session" {
		t.Fatalf("this session's row is marked %q", got)
	}
	end := `#sessions form[action="/account/security/sessions/end"]:has(input[value="` + otherID + `"]) button`
	b.do("end the other session", chromedp.Click(chromedp.CSS(end)))
	// The page before the click is a Security page too: wait for the
	// notice, which only the page after it shows.
	b.do("wait for the notice", chromedp.WaitVisible(chromedp.CSS(".notice")))
	if got := b.text(".notice"); !strings.HasPrefix(got, "The session was ended") {
		t.Fatalf("notice after ending a session = %q", got)
	}
	e.expect(e.call("GET", "/api/v1/me", otherToken, nil), 401, "unauthenticated")
	rows := run(b, "count the sessions", chromedp.Evaluate[int](`document.querySelectorAll('#sessions tbody tr').length`))
	if rows != 1 {
		t.Fatalf("the list shows %d sessions after ending the other, want 1", rows)
	}
	b.checkConsole()
}

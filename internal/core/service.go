package core

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/twofa-dev/twofa/internal/password"
	"github.com/twofa-dev/twofa/internal/secret"
)

// Deps are what the Service needs from outside. Clock and Rand default to
// the wall clock and crypto/rand; tests inject their own.
type Deps struct {
	Store  Store
	Mailer Mailer
	Keys   *secret.Keyring
	Hasher *password.Hasher
	Clock  func() time.Time
	Rand   io.Reader
	Logger *slog.Logger
	// OnEvent, when set, is called with each audit event, also when
	// storing it fails (for metrics and the log). It must be quick and
	// safe for concurrent use, and must not keep e.
	OnEvent func(e *Event)
	// OnMail, when set, is called with the result of each delivery attempt
	// of the outbox (MailSent, MailRetry, MailGivenUp), for metrics. It
	// must be quick and safe for concurrent use.
	OnMail func(result string)
	// FlagSources tells, by flag name (such as "email-code-ttl"), how the
	// operator set the flags that gave the Config its values: "flag
	// --email-code-ttl", "environment TWOFA_EMAIL_CODE_TTL", ... The
	// settings view shows it as the source of those values; a flag not in
	// it shows as the default.
	FlagSources map[string]string
	// SettingsReloadEvery is how often RunSettingsReload reads the stored
	// settings (0: DefaultSettingsReload).
	SettingsReloadEvery time.Duration
}

// ClientMeta describes who is asking: recorded in the audit trail and used
// for per-address limits.
type ClientMeta struct {
	IP        string
	UserAgent string
}

// Service implements every use case of twofa. It is safe for concurrent use.
type Service struct {
	store  Store
	mailer Mailer
	keys   *secret.Keyring
	hasher *password.Hasher
	now    func() time.Time
	rand   io.Reader
	log    *slog.Logger
	// base is the Config the Service was built with: the defaults and
	// flags that the administrators' stored settings change (see cfg).
	base Config
	// flagSources is Deps.FlagSources.
	flagSources map[string]string
	// reloadEvery is how often RunSettingsReload reads the settings.
	reloadEvery time.Duration
	// limits keeps the guessing limits' records (see guards).
	limits limiter
	mac    *secret.MAC
	// onEvent is Deps.OnEvent, or a no-op.
	onEvent func(e *Event)
	// onMail is Deps.OnMail, or a no-op.
	onMail func(result string)

	// running is shared by the Service and every view of it that within
	// makes for a transaction.
	*running
}

// running is what a Service keeps while it runs: caches, the mail
// sender's signals and its shutdown.
type running struct {
	// keyCache holds the OIDC signing keys read last.
	keyCache keyCache
	// mailWake tells this process's mail sender that mail was queued.
	mailWake chan struct{}
	// closed is closed by Close; closeMu orders it with startSender.
	closed    chan struct{}
	closeMu   sync.Mutex
	closeOnce sync.Once
	// senders counts running RunMailSender and RunSettingsReload calls.
	senders sync.WaitGroup
	// resets counts the password-reset requests whose work runs after
	// their answer; resetSlots bounds them (see RequestPasswordReset).
	resets     sync.WaitGroup
	resetSlots chan struct{}
	// settings holds the settings in force (see cfg); a reload or a
	// change replaces the snapshot whole.
	settings atomic.Pointer[snapshot]
}

// MACKeySetting names the server-wide HMAC key in the store. It is kept
// sealed under the key ring, so a copy of the database alone cannot test
// guesses of recovery or email codes, and key rotation does not invalidate
// them. Its presence tells that the database is in use with some key.
const MACKeySetting = "mac-key"

// New builds the Service and loads (or, on first start, creates) the server
// HMAC key. It fails when the key ring cannot open that key, which means
// the wrong --secret-key-file was given.
func New(ctx context.Context, d Deps, cfg Config) (*Service, error) {
	if d.Store == nil || d.Mailer == nil || d.Keys == nil || d.Hasher == nil {
		return nil, errors.New("core: Store, Mailer, Keys and Hasher are required")
	}
	s := &Service{
		store:       d.Store,
		mailer:      d.Mailer,
		keys:        d.Keys,
		hasher:      d.Hasher,
		now:         d.Clock,
		rand:        d.Rand,
		log:         d.Logger,
		base:        cfg.withDefaults(),
		flagSources: d.FlagSources,
		reloadEvery: d.SettingsReloadEvery,
		limits:      limiter{store: d.Store},
		onEvent:     d.OnEvent,
		onMail:      d.OnMail,
		running: &running{
			mailWake: make(chan struct{}, 1),
			closed:   make(chan struct{}),

			resetSlots: make(chan struct{}, maxResetsInFlight),
		},
	}
	if a := s.base.OIDCSigningAlg; a != AlgRS256 && a != AlgES256 {
		return nil, fmt.Errorf("core: OIDC signing algorithm %q is not RS256 or ES256", a)
	}
	s.settings.Store(&snapshot{cfg: s.base})
	if s.reloadEvery <= 0 {
		s.reloadEvery = DefaultSettingsReload
	}
	if s.onEvent == nil {
		s.onEvent = func(*Event) {}
	}
	if s.onMail == nil {
		s.onMail = func(string) {}
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.rand == nil {
		s.rand = rand.Reader
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	key, err := s.loadMACKey(ctx)
	if err != nil {
		return nil, err
	}
	s.mac = secret.NewMAC(key)
	if err := s.ReloadSettings(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Service) loadMACKey(ctx context.Context) ([]byte, error) {
	fresh := make([]byte, 32)
	if _, err := io.ReadFull(s.rand, fresh); err != nil {
		return nil, fmt.Errorf("core: read random: %w", err)
	}
	sealed, err := s.keys.Seal(fresh, []byte(MACKeySetting))
	if err != nil {
		return nil, fmt.Errorf("core: seal HMAC key: %w", err)
	}
	stored, err := s.store.PutSettingIfAbsent(ctx, MACKeySetting, sealed)
	if err != nil {
		return nil, fmt.Errorf("core: store HMAC key: %w", err)
	}
	key, err := s.keys.Open(stored, []byte(MACKeySetting))
	if err != nil {
		return nil, fmt.Errorf("core: the secret key cannot open this database's HMAC key (is --secret-key-file the one this database was created with?): %w", err)
	}
	return key, nil
}

// Config returns the settings in force: the Config the Service was built
// with, changed by the administrators' stored settings.
func (s *Service) Config() Config { return *s.cfg() }

// cfg returns the settings in force. The snapshot is never changed, only
// replaced (see RunSettingsReload), so a caller may keep it; read it
// afresh rather than keep it across steps that should see a change.
func (s *Service) cfg() *Config { return &s.settings.Load().cfg }

// guards returns the guessing limits under the settings in force.
func (s *Service) guards() guards { return newGuards(s.limits, s.cfg()) }

// Close stops the mail senders started with RunMailSender and waits for
// them to return (each finishes the attempt it is making). Mail still
// queued stays in the outbox for the next start, or for another instance.
// Close may be called more than once.
// It also waits for the work of password-reset requests still running.
func (s *Service) Close() {
	s.closeOnce.Do(func() {
		s.closeMu.Lock()
		close(s.closed)
		s.closeMu.Unlock()
	})
	s.senders.Wait()
	s.resets.Wait()
}

// Now returns the Service's clock (Deps.Clock), for callers that show
// ages of what it stored.
func (s *Service) Now() time.Time { return s.clock() }

func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// event appends to the audit trail; a failure is logged, never returned,
// because the action it records has already happened.
func (s *Service) event(ctx context.Context, userID, typ string, meta ClientMeta, detail string) {
	e := &Event{UserID: userID, Type: typ, At: s.clock(), IP: meta.IP, UserAgent: meta.UserAgent, Detail: detail}
	s.onEvent(e)
	if err := s.store.AddEvent(ctx, e); err != nil {
		s.log.Error("audit event not stored", "type", typ, "user", userID, "err", err)
	}
}

// atomically runs fn in one transaction of the store: every write of one
// security change goes through st, so a failure half-way leaves nothing
// changed.
func (s *Service) atomically(ctx context.Context, fn func(st Store) error) error {
	if err := s.store.InTx(ctx, fn); err != nil {
		return err
	}
	// Mail queued in the transaction is visible now.
	s.wakeMailSender()
	return nil
}

// within returns a view of s whose every store call, those of the
// guessing limits included, goes through st, a Store that InTx handed
// out. The limits of the view hold each record they check for the rest
// of the transaction (Store.HoldThrottle) and write it only when the
// check changes it: a success with no earlier failures writes nothing.
func (s *Service) within(st Store) *Service {
	v := *s
	v.store = st
	v.limits = limiter{store: st, held: true}
	return &v
}

// record appends to the audit trail through st, as part of the change it
// records: if the event cannot be stored, the change is not made either.
func (s *Service) record(ctx context.Context, st Store, userID, typ string, meta ClientMeta, detail string) error {
	e := &Event{UserID: userID, Type: typ, At: s.clock(), IP: meta.IP, UserAgent: meta.UserAgent, Detail: detail}
	if err := st.AddEvent(ctx, e); err != nil {
		return fmt.Errorf("record %s: %w", typ, err)
	}
	s.onEvent(e)
	return nil
}

// Ready reports whether the database answers.
func (s *Service) Ready(ctx context.Context) error { return s.store.Ping(ctx) }

// Cleanup deletes what has expired: sessions, challenges, codes, trusted
// devices, apps' sign-in requests and tokens, signing keys retired long
// enough that no token they signed is valid, known devices idle longer
// than KnownDeviceTTL, audit events
// older than EventRetention, limit records left alone longer than their
// decay, the email-confirm records of sessions that have ended, and mail
// delivered or given up more than a day ago. Second-factor records stay:
// they are forgotten only after a correct code. It returns how many rows went.
func (s *Service) Cleanup(ctx context.Context) (int64, error) {
	now := s.clock()
	n, err := s.store.DeleteExpired(ctx, now)
	if err != nil {
		return n, fmt.Errorf("cleanup: %w", err)
	}
	m, err := s.store.DeleteIdleKnownDevices(ctx, now.Add(-s.cfg().KnownDeviceTTL))
	n += m
	if err != nil {
		return n, fmt.Errorf("cleanup: %w", err)
	}
	m, err = s.store.DeleteEventsBefore(ctx, now.Add(-s.cfg().EventRetention))
	n += m
	if err != nil {
		return n, fmt.Errorf("cleanup old events: %w", err)
	}
	m, err = s.store.DeleteOIDCSigningKeysRetiredBefore(ctx, now.Add(-s.keyRetention()))
	n += m
	if err != nil {
		return n, fmt.Errorf("cleanup of retired signing keys: %w", err)
	}
	m, err = s.store.DeleteFinishedMail(ctx, now.Add(-keepFinishedMail))
	n += m
	if err != nil {
		return n, fmt.Errorf("cleanup of delivered mail: %w", err)
	}
	for _, l := range []struct {
		prefix string
		idle   time.Duration
	}{
		{loginAddrKey(""), s.cfg().LoginLimit.Decay},
		{loginDeviceKey(""), s.cfg().LoginLimit.Decay},
		{signupAddrKey(""), s.cfg().SignupLimit.Decay},
		{mailAddrKey(""), s.cfg().MailAddrLimit.Decay},
		{mailUserKey(""), s.cfg().MailUserLimit.Decay},
		{mailSessionsKey(""), s.cfg().MailAddrLimit.Decay},
		// A session's email-confirm record is of no use once the
		// session has ended, which it has SessionTTL after its start.
		{emailConfirmKey(""), s.cfg().SessionTTL},
		{sessionFactorKey(""), s.cfg().SessionTTL},
		{resetAddrKey(""), resetAddrPolicy.Decay},
		{resetUserKey(""), resetUserPolicy.Decay},
		{passkeyAddrKey(""), passkeyBeginPolicy.Decay},
	} {
		if l.idle <= 0 {
			continue
		}
		m, err := s.store.DeleteIdleThrottles(ctx, l.prefix, now.Add(-l.idle), now)
		n += m
		if err != nil {
			return n, fmt.Errorf("cleanup %s: %w", l.prefix, err)
		}
	}
	return n, nil
}

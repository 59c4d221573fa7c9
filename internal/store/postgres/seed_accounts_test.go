package postgres

import (
	"fmt"
	"testing"
)

// seedAccounts stores accounts 0 to n-1, as storetest.SeededAccounts
// describes them, with one INSERT, and analyzes the table as autovacuum
// soon would after so many rows.
func seedAccounts(tb testing.TB, s *Store, n int) {
	tb.Helper()
	for _, stmt := range []string{
		fmt.Sprintf(`INSERT INTO users (id, email, password_hash, created_at, email_2fa, totp_secret, role, disabled_at)
			SELECT format('u%%s', lpad(i::text, 6, '0')), format('user%%s@example.com', lpad(i::text, 6, '0')), 'h', now(),
				i %% 2 = 0, CASE WHEN i %% 3 = 0 THEN '\x01'::bytea END,
				CASE WHEN i %% 1000 = 0 THEN 'admin' ELSE 'user' END,
				CASE WHEN i %% 997 = 0 THEN now() END
			FROM generate_series(0, %d) AS i`, n-1),
		`ANALYZE users`,
	} {
		if _, err := s.pool.Exec(tb.Context(), stmt); err != nil {
			tb.Fatalf("seed %d accounts: %v", n, err)
		}
	}
}

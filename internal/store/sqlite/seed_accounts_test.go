package sqlite

import (
	"fmt"
	"testing"
)

// seedAccounts stores accounts 0 to n-1, as storetest.SeededAccounts
// describes them, with one INSERT.
func seedAccounts(tb testing.TB, s *Store, n int) {
	tb.Helper()
	if _, err := s.w.db.ExecContext(tb.Context(), fmt.Sprintf(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < %d)
		INSERT INTO users (id, email, password_hash, created_at, email_2fa, totp_secret, role, disabled_at)
		SELECT printf('u%%06d', i), printf('user%%06d@example.com', i), 'h', 1, i %% 2 = 0,
			CASE WHEN i %% 3 = 0 THEN x'01' END,
			CASE WHEN i %% 1000 = 0 THEN 'admin' ELSE 'user' END,
			CASE WHEN i %% 997 = 0 THEN 5 ELSE 0 END
		FROM n`, n-1)); err != nil {
		tb.Fatalf("seed %d accounts: %v", n, err)
	}
}

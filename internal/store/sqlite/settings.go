package sqlite

import "context"

// Setting returns a server-wide value or ErrNotFound.
func (s *Store) Setting(ctx context.Context, name string) ([]byte, error) {
	var v []byte
	err := s.q.QueryRowContext(ctx, `SELECT value FROM settings WHERE name = ?`, name).Scan(&v)
	if err != nil {
		return nil, wrap("setting "+name, err)
	}
	return v, nil
}

// PutSettingIfAbsent stores value under name unless a value is already
// there, and returns the value now stored, in one statement.
func (s *Store) PutSettingIfAbsent(ctx context.Context, name string, value []byte) ([]byte, error) {
	// The no-op update makes RETURNING yield the row that was already there.
	var v []byte
	err := s.write(ctx, func(tx *Store) error {
		return tx.q.QueryRowContext(ctx, `INSERT INTO settings (name, value) VALUES (?, ?)
			ON CONFLICT (name) DO UPDATE SET value = settings.value
			RETURNING value`, name, value).Scan(&v)
	})
	if err != nil {
		return nil, wrap("put setting "+name, err)
	}
	return v, nil
}

// ReplaceSetting overwrites (or creates) a server-wide value.
func (s *Store) ReplaceSetting(ctx context.Context, name string, value []byte) error {
	_, err := s.exec(ctx, `INSERT INTO settings (name, value) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET value = excluded.value`, name, value)
	return wrap("replace setting "+name, err)
}

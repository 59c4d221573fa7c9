package postgres

import "context"

// Setting returns a server-wide value or ErrNotFound.
func (s *Store) Setting(ctx context.Context, name string) ([]byte, error) {
	var v []byte
	err := s.q.QueryRow(ctx, `SELECT value FROM settings WHERE name = $1`, name).Scan(&v)
	if err != nil {
		return nil, wrap("setting "+name, err)
	}
	return v, nil
}

// PutSettingIfAbsent stores value under name unless a value is already
// there, and returns the value now stored, in one statement.
func (s *Store) PutSettingIfAbsent(ctx context.Context, name string, value []byte) ([]byte, error) {
	// The no-op update makes RETURNING yield the row that was already
	// there; ON CONFLICT DO UPDATE settles racing inserts on one row.
	var v []byte
	err := s.q.QueryRow(ctx, `INSERT INTO settings (name, value) VALUES ($1, $2)
		ON CONFLICT (name) DO UPDATE SET value = settings.value
		RETURNING value`, name, value).Scan(&v)
	if err != nil {
		return nil, wrap("put setting "+name, err)
	}
	return v, nil
}

// ReplaceSetting overwrites (or creates) a server-wide value.
func (s *Store) ReplaceSetting(ctx context.Context, name string, value []byte) error {
	_, err := s.q.Exec(ctx, `INSERT INTO settings (name, value) VALUES ($1, $2)
		ON CONFLICT (name) DO UPDATE SET value = excluded.value`, name, value)
	return wrap("replace setting "+name, err)
}

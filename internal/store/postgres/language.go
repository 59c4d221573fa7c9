package postgres

import "context"

// SetLanguage stores the user's language (a code of i18n.Languages, "" to
// follow the browser). ErrNotFound if there is no such user.
func (s *Store) SetLanguage(ctx context.Context, userID, language string) error {
	return wrap("set language", s.execOne(ctx, `UPDATE users SET language = $1 WHERE id = $2`, language, userID))
}

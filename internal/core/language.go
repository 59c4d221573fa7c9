package core

import (
	"context"
	"fmt"

	"github.com/twofa-dev/twofa/internal/i18n"
)

// EventLanguageChanged records that the account chose another language
// for its pages and mails; the detail is the new code, or "" when the
// account follows the browser's Accept-Language again.
const EventLanguageChanged = "language-changed"

// SetLanguage stores the language of p's pages and mails: the code of a
// supported language (i18n.Languages), or "" to follow the browser's
// Accept-Language again. Any other code is a bad request on the field
// "language". The change is recorded as an EventLanguageChanged event in
// the same transaction; choosing the language the account already has
// changes and records nothing.
func (s *Service) SetLanguage(ctx context.Context, p *Principal, code string, meta ClientMeta) error {
	if _, ok := i18n.Lookup(code); !ok && code != "" {
		return badRequest("language", "%q is not a supported language; use one of %s, or \"\" to follow the browser", code, languageCodes())
	}
	if code == p.User.Language {
		return nil
	}
	err := s.atomically(ctx, func(st Store) error {
		if err := st.SetLanguage(ctx, p.User.ID, code); err != nil {
			return fmt.Errorf("set language: %w", err)
		}
		return s.record(ctx, st, p.User.ID, EventLanguageChanged, meta, code)
	})
	if err != nil {
		return err
	}
	p.User.Language = code
	return nil
}

// languageCodes lists the supported codes for an error message.
func languageCodes() string {
	out := ""
	for i, l := range i18n.Languages {
		if i > 0 {
			out += ", "
		}
		out += l.Code
	}
	return out
}

package core

import (
	"context"
	"fmt"

	"github.com/twofa-dev/twofa/internal/i18n"
)

// SetLanguage stores the language of p's pages and mails: the code of a
// supported language (i18n.Languages), or "" to follow the browser's
// Accept-Language again. Any other code is a bad request on the field
// "language".
func (s *Service) SetLanguage(ctx context.Context, p *Principal, code string) error {
	if _, ok := i18n.Lookup(code); !ok && code != "" {
		return badRequest("language", "%q is not a supported language; use one of %s, or \"\" to follow the browser", code, languageCodes())
	}
	if err := s.store.SetLanguage(ctx, p.User.ID, code); err != nil {
		return fmt.Errorf("set language: %w", err)
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

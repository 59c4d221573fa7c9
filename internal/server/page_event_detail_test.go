package server

import (
	"testing"

	"github.com/twofa-dev/twofa/internal/core"
	"github.com/twofa-dev/twofa/internal/i18n"
)

// TestChangeDetails: the details of a change of the settings and of an
// email address read the same in English as the core wrote them, and
// with the words of the page's language in another; a detail of another
// shape is shown as it is.
func TestChangeDetails(t *testing.T) {
	de, _ := i18n.Lookup("de")
	ar, _ := i18n.Lookup("ar")
	const settings = "totpSkew 2 -> 1 (default); emailCodeTtl 10m -> 5m by admin@example.com"
	for _, c := range []struct {
		lang        i18n.Language
		typ, detail string
		want        string
	}{
		{i18n.English, core.EventSettingsChanged, settings, settings},
		{i18n.English, core.EventSettingsChanged, "enforcement off -> all by the command line", "enforcement off -> all by the command line"},
		{de, core.EventSettingsChanged, settings, "totpSkew von 2 auf 1 (Standardwert); emailCodeTtl von 10m auf 5m, von admin@example.com"},
		{de, core.EventSettingsChanged, "enforcement off -> all by the command line", "enforcement von off auf all, über die Befehlszeile"},
		{ar, core.EventSettingsChanged, settings, "totpSkew من 2 إلى 1 (القيمة الافتراضية)؛ emailCodeTtl من 10m إلى 5m، بواسطة admin@example.com"},
		{de, core.EventSettingsChanged, "something else", "something else"},
		{i18n.English, core.EventEmailChanged, "a@example.com -> b@example.com", "a@example.com -> b@example.com"},
		{de, core.EventEmailChanged, "a@example.com -> b@example.com", "von a@example.com auf b@example.com"},
		{ar, core.EventEmailChangeUndone, "b@example.com -> a@example.com", "من b@example.com إلى a@example.com"},
	} {
		if got := detailText(c.typ, c.detail).in(i18n.NewPrinter(c.lang)); got != c.want {
			t.Errorf("%s %s %q = %q, want %q", c.lang.Code, c.typ, c.detail, got, c.want)
		}
	}
}

package web_test

import (
	"testing"

	"stackdesk/internal/web"
)

// TestSlug: a title's address part keeps its words in ASCII: umlauts as
// German spells them without, other accents dropped, other scripts left out.
func TestSlug(t *testing.T) {
	for title, want := range map[string]string{
		"VPN drops every 10 minutes!":              "vpn-drops-every-10-minutes",
		"Drucker druckt nur leere Seiten – Straße": "drucker-druckt-nur-leere-seiten-strasse",
		"Zoë's café in São Paulo":                  "zoe-s-cafe-in-sao-paulo",
		"Größe ändern":                             "groesse-aendern",
		"打印机 printer":                              "printer",
	} {
		if got := web.Slug(title); got != want {
			t.Errorf("Slug(%q) = %q, want %q", title, got, want)
		}
	}
}

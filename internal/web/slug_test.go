package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
	"stackdesk/internal/web"
)

// TestSlug: a title's address part keeps its words lower-cased: Latin
// letters in ASCII (umlauts as German spells them without, other accents
// dropped), letters of other scripts as they are, with their vowel signs;
// apostrophes join the letters around them. A title without letters or
// digits has no slug, and a long one stops.
func TestSlug(t *testing.T) {
	for title, want := range map[string]string{
		"VPN drops every 10 minutes!":              "vpn-drops-every-10-minutes",
		"Drucker druckt nur leere Seiten – Straße": "drucker-druckt-nur-leere-seiten-strasse",
		"Zoë's café in São Paulo":                  "zoes-cafe-in-sao-paulo",
		"Outlook won’t start, it‘s Ｏ＇Brien’s ʼPC'": "outlook-wont-start-its-obriens-pc",
		"'Quoted' and ‘single’ words":              "quoted-and-single-words",
		"Größe ändern":                             "groesse-aendern",
		"Łódź, Øresund":                            "lodz-oresund",
		"ﬁnance ＦＵＬＬＷＩＤＴＨ x²":                      "finance-fullwidth-x2",
		"打印机 printer":                              "打印机-printer",
		"كيف أغير كلمة المرور؟":                    "كيف-أغير-كلمة-المرور",
		"Принтер НЕ печатает":                      "принтер-не-печатает",
		"नमस्ते दुनिया":                            "नमस्ते-दुनिया",
		"🎉🎉🎉 🚀":                                    "",
		"\u200b\u3164":                             "",
		strings.Repeat("打", 150):                   strings.Repeat("打", 100),
	} {
		if got := web.Slug(title); got != want {
			t.Errorf("Slug(%q) = %q, want %q", title, got, want)
		}
	}
}

// TestNonLatinAddresses: questions and users whose title or name is in
// another script link to an address with a readable slug, percent-encoded,
// which answers at once; a title of emoji only (imported) links to the bare id, never
// to an address with a trailing slash (which only redirects).
func TestNonLatinAddresses(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	uid, dora := env.SignUp(t, "dora")
	if res := env.API(t, "PATCH", "/me", dora, map[string]string{"display_name": "دورا مراد"}); res.Status != http.StatusOK {
		t.Fatalf("display name: %d %s", res.Status, res.Body)
	}
	arabic := env.Ask(t, dora, "كيف أغير كلمة المرور في البريد؟", "email")
	// A title of emoji only, as an import may bring (new titles need letters).
	emoji := env.Ask(t, dora, "The printer on the third floor explodes", "printer")
	if err := env.App.Store.DB.Exec("UPDATE posts SET title = ? WHERE id = ?", "🖨️🖨️🖨️🖨️🖨️ 💥💥💥💥💥 😭😭😭😭😭", emoji).Error; err != nil {
		t.Fatal(err)
	}
	qPath := fmt.Sprintf("/questions/%d/", arabic) + url.PathEscape("كيف-أغير-كلمة-المرور-في-البريد")
	uPath := fmt.Sprintf("/users/%d/", uid) + url.PathEscape("دورا-مراد")
	b := newBrowser(env)
	list := b.get(t, "/questions")
	contains(t, list, `href="`+qPath+`"`, `href="`+uPath+`"`, fmt.Sprintf(`href="/questions/%d"`, emoji))
	for _, bad := range []string{fmt.Sprintf(`/questions/%d/"`, arabic), fmt.Sprintf(`/questions/%d/"`, emoji), fmt.Sprintf(`/users/%d/"`, uid)} {
		if strings.Contains(string(list.Body), bad) {
			t.Errorf("the list links to %s, which only redirects", bad)
		}
	}
	// The same address with its escapes in lower case is the same address.
	for _, path := range []string{qPath, uPath, strings.ToLower(qPath), strings.ToLower(uPath), fmt.Sprintf("/questions/%d", emoji)} {
		res := b.get(t, path)
		if res.Status != http.StatusOK {
			t.Fatalf("%s: %d %q", path, res.Status, res.Header.Get("Location"))
		}
	}
	contains(t, b.get(t, qPath), `<link rel="canonical" href="`+qPath+`">`)
	// An outdated slug leads to the address, written in ASCII in the header.
	res := b.get(t, fmt.Sprintf("/questions/%d/old-title", arabic))
	if loc := res.Header.Get("Location"); res.Status != http.StatusMovedPermanently || loc != qPath {
		t.Fatalf("old slug: %d %q, want %s", res.Status, loc, qPath)
	}
	res = b.get(t, fmt.Sprintf("/questions/%d/old-title", emoji))
	if loc := res.Header.Get("Location"); res.Status != http.StatusMovedPermanently || loc != fmt.Sprintf("/questions/%d", emoji) {
		t.Fatalf("emoji title, old slug: %d %q", res.Status, loc)
	}
}

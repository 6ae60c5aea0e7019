package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestZalgoTitleAndNameRefusedBesideTheField: on the ask and sign-up pages
// a title or display name whose letters carry piles of combining marks is
// refused under its field, saying why and keeping what was typed, while a
// Hebrew title with niqqud is asked.
func TestZalgoTitleAndNameRefusedBesideTheField(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	const why = "A letter may carry at most 4 accents or other marks"
	b := newBrowser(env)
	res := b.post(t, "/signup", "/signup", url.Values{"username": {"eve"}, "email": {"eve@example.com"}, "password": {"correct horse battery"},
		"display_name": {"Z̮̞̠͙͔ͅḀ̗̞͈̻̗Ḷ͙͎̯̹̞͓G̻O̭̗̮"}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("sign-up: %d", res.Status)
	}
	contains(t, res, `id="display_name-error"`, why, `value="eve"`)
	b.signUp(t, "ada")
	res = b.post(t, "/questions/ask", "/questions/ask", url.Values{"title": {"Ṱ̺̺̕o͞ ̷i̲̬͇̪͙n̝̗͕v̟̜̘̦͟o̶̙̰̠kè͚̮̺̪̹̱̤ the printer"},
		"body": {"The printer on the second floor prints blank pages."}, "tags": {"printer"}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("ask: %d", res.Status)
	}
	contains(t, res, `id="title-error"`, why, "prints blank pages", `value="printer"`)
	res = b.post(t, "/questions/ask", "/questions/ask", url.Values{"title": {"הַמַּדְפֵּסָה אֵינָהּ עוֹבֶדֶת מֵאָז הָעִדְכּוּן"},
		"body": {"The printer on the second floor prints blank pages."}, "tags": {"printer"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("ask in Hebrew: %d %s", res.Status, res.Body)
	}
}

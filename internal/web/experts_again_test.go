package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestNamingAnExpertAgainSaysNothingChanged: naming a tag's subject-matter
// expert a second time says they already are one, and removing someone who
// is not one says they are not, in English and German, rather than claiming
// the change again; the first naming and removal still say what changed,
// and the audit log holds each change once.
func TestNamingAnExpertAgainSaysNothingChanged(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		_, bob := env.SignUp(t, "bob")
		env.Ask(t, bob, "VPN certificate expired this morning", "vpn")
		ada := newBrowser(env)
		ada.signUp(t, "ada")
		setRole(t, env, "ada", store.RoleAdmin)
		send := func(sme string) (en, de string) {
			t.Helper()
			res := ada.post(t, "/experts?tag=vpn", "/tags/vpn/smes", url.Values{"username": {"bob"}, "sme": {sme}})
			if res.Status != http.StatusSeeOther {
				t.Fatalf("sme=%s: %d %s", sme, res.Status, res.Body)
			}
			at := res.Header.Get("Location")
			notice := func(lang string) string {
				body := string(ada.get(t, at, "Accept-Language", lang).Body)
				_, after, ok := strings.Cut(body, `id="sme-changed">`)
				if !ok {
					t.Fatalf("sme=%s (%s): no notice at %s", sme, lang, at)
				}
				return after[:strings.Index(after, "</p>")]
			}
			return notice("en"), notice("de")
		}
		for _, c := range []struct{ sme, en, de string }{
			{"true", "bob is now a subject-matter expert of [vpn]", "ist jetzt Fachexpertin oder Fachexperte für [vpn]"},
			{"true", "bob is already a subject-matter expert of [vpn]: nothing changed.", "ist schon Fachexpertin oder Fachexperte für [vpn]: Nichts wurde geändert."},
			{"false", "bob is no longer a subject-matter expert of [vpn].", "ist nicht mehr Fachexpertin oder Fachexperte für [vpn]."},
			{"false", "bob is not a subject-matter expert of [vpn]: nothing changed.", "ist keine Fachexpertin und kein Fachexperte für [vpn]: Nichts wurde geändert."},
		} {
			en, de := send(c.sme)
			if !strings.Contains(en, c.en) || !strings.Contains(de, c.de) {
				t.Errorf("sme=%s: the notice says %q / %q, want %q / %q", c.sme, en, de, c.en, c.de)
			}
		}
		var adds, removes int64
		env.App.Store.DB.Model(&store.AuditEntry{}).Where("action = ?", "sme.add").Count(&adds)
		env.App.Store.DB.Model(&store.AuditEntry{}).Where("action = ?", "sme.remove").Count(&removes)
		if adds != 1 || removes != 1 {
			t.Errorf("audit log: %d sme.add, %d sme.remove; want 1 each", adds, removes)
		}
	})
}

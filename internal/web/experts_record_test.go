package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestTagExpertsShowTheirRecordInTheTag walks the experts of a tag as a
// new user would: an answer nobody voted for lists no one, an accepted one
// does, and the card says what its person did in that tag, not elsewhere.
func TestTagExpertsShowTheirRecordInTheTag(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		ada, bob, cy := newBrowser(env), newBrowser(env), newBrowser(env)
		ada.signUp(t, "ada")
		bob.signUp(t, "bob")
		cy.signUp(t, "cara")
		ask := func(title, tag string) string {
			t.Helper()
			res := ada.post(t, "/questions/ask", "/questions/ask", url.Values{"title": {title},
				"body": {"It stopped working this morning. What can I do?"}, "tags": {tag}})
			if res.Status != http.StatusSeeOther {
				t.Fatalf("ask: %d %s", res.Status, res.Body)
			}
			return res.Header.Get("Location")
		}
		answer := func(b *browser, qpath string) {
			t.Helper()
			qid := questionIDRE.FindStringSubmatch(qpath)[1]
			if res := b.post(t, qpath, "/questions/"+qid+"/answers", url.Values{"body": {"Renew it in the self-service portal, then reconnect."}}); res.Status != http.StatusSeeOther {
				t.Fatalf("answer: %d", res.Status)
			}
		}
		vpn1 := ask("VPN certificate expired this morning", "vpn")
		vpn2 := ask("VPN client cannot reach the gateway", "vpn")
		printer := ask("Printer on floor 3 prints blank pages", "printer")
		answer(bob, vpn1)
		answer(cy, vpn2)
		answer(cy, printer)

		// Answers nobody voted for make no expert.
		res := ada.get(t, "/experts?tag=vpn")
		contains(t, res, "0 people", `id="experts-rule"`, "answers here whose votes add up to at least &#43;1")
		if strings.Contains(string(res.Body), ">bob</a>") || strings.Contains(string(res.Body), ">cara</a>") {
			t.Fatalf("an unvoted answer lists its author:\n%s", res.Body)
		}

		// ada accepts cy's answer in vpn, through the question page's form.
		var cyAnswer store.Post
		if err := env.App.Store.DB.Where("parent_id = ?", questionIDRE.FindStringSubmatch(vpn2)[1]).Take(&cyAnswer).Error; err != nil {
			t.Fatal(err)
		}
		if res := ada.post(t, vpn2, "/answers/"+itoa(cyAnswer.ID)+"/accept", url.Values{}); res.Status != http.StatusSeeOther {
			t.Fatalf("accept: %d %s", res.Status, res.Body)
		}

		// The tag page lists cy with her record in vpn only; bob is not listed.
		record := `In vpn: 1 question answered · 1 accepted · <span title="The votes on the answers counted here, added up.">0 votes</span>`
		tag := ada.get(t, "/tags/vpn")
		contains(t, tag, "Top experts", ">cara</a>", record, "answers here whose votes add up to at least &#43;1")
		if body := string(tag.Body); strings.Contains(body, ">bob</a>") || strings.Contains(body, `aria-label="Top tags"`) {
			t.Fatalf("the tag page lists bob or cy's top tags elsewhere:\n%s", body)
		}
		res = ada.get(t, "/experts?tag=vpn")
		contains(t, res, "1 person", ">cara</a>", record)
		if strings.Contains(string(res.Body), ">bob</a>") || strings.Contains(string(res.Body), `aria-label="Top tags"`) {
			t.Fatalf("the tag's experts list bob or cy's top tags:\n%s", res.Body)
		}
		contains(t, ada.get(t, "/experts?tag=vpn", "Accept-Language", "de"), "In vpn: 1 Frage beantwortet · 1 akzeptiert · <span", ">0 Stimmen</span>")
		// The directory's front page shows the record per tag too.
		contains(t, ada.get(t, "/experts"), record)
		// Words, not one tag: the card shows where cy answered overall.
		env.Searchable(t)
		within := ada.get(t, "/experts?tag=vpn&q=gateway")
		contains(t, within, ">cara</a>", "1 question answered · 1 accepted")
		if strings.Contains(string(within.Body), "In vpn:") {
			t.Fatalf("words within a tag count some of its answers, not the tag's record:\n%s", within.Body)
		}
		words := ada.get(t, "/experts?q=vpn")
		contains(t, words, ">cara</a>", `aria-label="Top tags"`, `href="/tags/printer"`)
		if strings.Contains(string(words.Body), "In vpn:") {
			t.Fatalf("a free-text card claims a tag's record:\n%s", words.Body)
		}
	})
}

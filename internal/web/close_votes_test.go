package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestCloseVoteControl: a member with the "vote to close" privilege finds
// a Close control on a question's page with the votes so far and the
// reasons, votes (a bad duplicate comes back inline), sees their vote with
// Retract, and retracts it; a member without the privilege finds no
// control and is refused inline. The privileges page lists the privilege.
func TestCloseVoteControl(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	env.SignUp(t, "low")
	for _, n := range []string{"vera", "vic", "val"} {
		id, _ := env.SignUp(t, n)
		if err := env.App.Store.DB.Model(&store.User{}).Where("id = ?", id).Update("reputation", 800).Error; err != nil {
			t.Fatal(err)
		}
	}
	q := env.Ask(t, ada, "Outlook password prompt appears every hour", "outlook")
	path := fmt.Sprintf("/questions/%d", q)
	action := path + "/close-votes"

	low := newBrowser(env)
	low.logIn(t, "low")
	if page := low.get(t, path); strings.Contains(string(page.Body), `id="close-votes"`) {
		t.Fatal("a member without the privilege is offered a close vote")
	}
	res := low.post(t, path, action, url.Values{"reason": {"unclear"}})
	if res.Status != http.StatusForbidden {
		t.Fatalf("a vote without the privilege: %d", res.Status)
	}
	contains(t, res, "Voting to close questions needs 750 reputation; you have 1.")
	contains(t, low.get(t, "/privileges"), `id="privilege-vote_close"`, "Vote to close", "750")

	vera := newBrowser(env)
	vera.logIn(t, "vera")
	contains(t, vera.get(t, path), `id="close-votes"`, "0 of 3 votes to close", `action="`+action+`"`,
		`name="reason" value="off-topic"`, `name="reason" value="duplicate"`)
	res = vera.post(t, path, action, url.Values{"reason": {"duplicate"}, "duplicate_of": {fmt.Sprint(q)}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("a vote naming the question itself: %d", res.Status)
	}
	contains(t, res, `<details class="close-votes" id="close-votes" open>`, "A question cannot duplicate itself.", `aria-describedby="close-vote-duplicate-of-help duplicate_of-error"`)
	if res := vera.post(t, path, action, url.Values{"reason": {"unclear"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("vote: %d %s", res.Status, res.Body)
	}
	contains(t, vera.get(t, path), "1 of 3 votes to close", "Your vote to close: unclear or missing details.", `action="`+action+`/retract"`)

	vic := newBrowser(env)
	vic.logIn(t, "vic")
	page := vic.get(t, path)
	contains(t, page, "1 of 3 votes to close")
	if strings.Contains(string(page.Body), `action="`+action+`/retract"`) {
		t.Fatal("another member's vote is offered for retracting")
	}

	if res := vera.post(t, path, action+"/retract", url.Values{}); res.Status != http.StatusSeeOther {
		t.Fatalf("retract: %d %s", res.Status, res.Body)
	}
	contains(t, vera.get(t, path), "0 of 3 votes to close", `action="`+action+`"`)

	// Three votes close it; the page names the three as its closers.
	val := newBrowser(env)
	val.logIn(t, "val")
	for _, b := range []*browser{vera, vic, val} {
		if res := b.post(t, path, action, url.Values{"reason": {"off-topic"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("vote: %d %s", res.Status, res.Body)
		}
	}
	page = vera.get(t, path)
	contains(t, page, "This question is closed: off topic for this site.",
		`<span class="muted closed-by">— <bdi><a href="/users/3/vera">vera</a></bdi>, <bdi><a href="/users/4/vic">vic</a></bdi>, <bdi><a href="/users/5/val">val</a></bdi> <time`)
	if strings.Contains(string(page.Body), `id="close-votes"`) {
		t.Fatal("a closed question still offers close votes")
	}
}

// TestDuplicateFlagCloses: a question flagged as a duplicate names the
// question in the moderators' queue, which closes it as a duplicate of it.
func TestDuplicateFlagCloses(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	_, bob := env.SignUp(t, "bob")
	original := env.Ask(t, bob, "Outlook keeps asking for my password", "outlook")
	env.Answer(t, bob, original, "Remove the stored credentials in the Windows credential manager.")
	q := env.Ask(t, ada, "Outlook password prompt appears every hour", "outlook")
	flag := fmt.Sprintf("/posts/%d/flag", q)

	b := newBrowser(env)
	b.logIn(t, "bob")
	contains(t, b.get(t, flag), `name="reason" value="duplicate"`, `id="flag-duplicate-of"`)
	res := b.post(t, flag, flag, url.Values{"reason": {"duplicate"}, "duplicate_of": {"987654"}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("a duplicate of nothing: %d", res.Status)
	}
	contains(t, res, "There is no question 987654.")
	if res := b.post(t, flag, flag, url.Values{"reason": {"duplicate"}, "duplicate_of": {fmt.Sprintf("/questions/%d", original)}}); res.Status != http.StatusSeeOther {
		t.Fatalf("flag: %d %s", res.Status, res.Body)
	}

	createModerator(t, env)
	mod := newBrowser(env)
	mod.logIn(t, "mod")
	closeAction := fmt.Sprintf("/questions/%d/close", q)
	contains(t, mod.get(t, "/admin/flags"), fmt.Sprintf(`<a class="flag-duplicate-of" href="/questions/%d" dir="auto">Outlook keeps asking for my password</a>`, original),
		`action="`+closeAction+`"`, fmt.Sprintf(`name="duplicate_of" value="%d"`, original))
	if res := mod.post(t, "/admin/flags", closeAction, url.Values{"reason": {"duplicate"}, "duplicate_of": {fmt.Sprint(original)}}); res.Status != http.StatusSeeOther {
		t.Fatalf("close from the queue: %d %s", res.Status, res.Body)
	}
	if c := env.API(t, "GET", fmt.Sprintf("/questions/%d", q), "", nil).Map(t); c["closed_reason"] != "duplicate" || c["duplicate_of_id"] != float64(original) {
		t.Fatalf("closed from the queue: %v", c)
	}
}

// TestCloseVotesAskerReopenRefused: an asker whose vote closed their
// question among members' votes is offered no Reopen, and a reopening sent
// anyway is refused on the question's page (403) saying that only a
// moderator can reopen what members' votes closed.
func TestCloseVotesAskerReopenRefused(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	for _, n := range []string{"ada", "vera", "vic"} {
		id, _ := env.SignUp(t, n)
		if err := env.App.Store.DB.Model(&store.User{}).Where("id = ?", id).Update("reputation", 800).Error; err != nil {
			t.Fatal(err)
		}
	}
	ada := newBrowser(env)
	ada.logIn(t, "ada")
	q := env.Ask(t, env.Token(t, "ada"), "Which meeting room has the big screen?", "rooms")
	path := fmt.Sprintf("/questions/%d", q)
	for _, n := range []string{"vera", "vic", "ada"} {
		b := ada
		if n != "ada" {
			b = newBrowser(env)
			b.logIn(t, n)
		}
		if res := b.post(t, path, path+"/close-votes", url.Values{"reason": {"unclear"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("vote of %s: %d %s", n, res.Status, res.Body)
		}
	}
	page := ada.get(t, path)
	contains(t, page, "This question is closed")
	if strings.Contains(string(page.Body), `action="`+path+`/reopen"`) {
		t.Fatal("the asker is offered to reopen a closing by members' votes")
	}
	res := ada.post(t, path, path+"/reopen", url.Values{})
	if res.Status != http.StatusForbidden {
		t.Fatalf("the asker's reopening: %d", res.Status)
	}
	contains(t, res, "Members&#39; votes closed this question, so only a moderator can reopen it.", "Which meeting room has the big screen?")
}

// TestCloseVoteStale: a duplicate vote whose question is deleted meanwhile
// no longer counts on the page, and its voter is told so; the vote names
// the question as deleted, with no link its voter could not open.
func TestCloseVoteStale(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	id, _ := env.SignUp(t, "vera")
	if err := env.App.Store.DB.Model(&store.User{}).Where("id = ?", id).Update("reputation", 800).Error; err != nil {
		t.Fatal(err)
	}
	original := env.Ask(t, ada, "Outlook keeps asking for my password", "outlook")
	env.Answer(t, ada, original, "Remove the stored credentials in the Windows credential manager.")
	q := env.Ask(t, ada, "Outlook password prompt appears every hour", "outlook")
	path := fmt.Sprintf("/questions/%d", q)
	vera := newBrowser(env)
	vera.logIn(t, "vera")
	if res := vera.post(t, path, path+"/close-votes", url.Values{"reason": {"duplicate"}, "duplicate_of": {fmt.Sprint(original)}}); res.Status != http.StatusSeeOther {
		t.Fatalf("vote: %d %s", res.Status, res.Body)
	}
	contains(t, vera.get(t, path), "1 of 3 votes to close")
	createModerator(t, env)
	var mod store.User
	if err := env.App.Store.DB.Where("username = 'mod'").Take(&mod).Error; err != nil {
		t.Fatal(err)
	}
	if err := env.App.QA.Delete(context.Background(), &mod, original); err != nil {
		t.Fatal(err)
	}
	page := vera.get(t, path)
	contains(t, page, "0 of 3 votes to close", "so your vote does not count for now", `action="`+path+`/close-votes/retract"`,
		`<span class="muted">(a question deleted since)</span>`)
	if strings.Contains(string(page.Body), fmt.Sprintf(`<a href="/questions/%d"`, original)) {
		t.Error("the vote links the deleted question, which its voter cannot open")
	}
}

// TestCloseVoteAgainFromStaleTab: a second vote to close, from a form left
// open in another tab, is told it is a second vote (409 with the message),
// whether it gives no reason, a bad one or a good one; the API says the
// same for a bad reason.
func TestCloseVoteAgainFromStaleTab(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	id, veraToken := env.SignUp(t, "vera")
	if err := env.App.Store.DB.Model(&store.User{}).Where("id = ?", id).Update("reputation", 800).Error; err != nil {
		t.Fatal(err)
	}
	q := env.Ask(t, ada, "Outlook password prompt appears every hour", "outlook")
	path := fmt.Sprintf("/questions/%d", q)
	vera := newBrowser(env)
	vera.logIn(t, "vera")
	if res := vera.post(t, path, path+"/close-votes", url.Values{"reason": {"unclear"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("vote: %d %s", res.Status, res.Body)
	}
	for _, form := range []url.Values{{}, {"reason": {"bogus"}}, {"reason": {"duplicate"}, "duplicate_of": {"999"}}, {"reason": {"duplicate"}, "duplicate_of": {"not a question"}}, {"reason": {"unclear"}}} {
		res := vera.post(t, path, path+"/close-votes", form)
		if res.Status != http.StatusConflict {
			t.Fatalf("%v: %d", form, res.Status)
		}
		contains(t, res, "You have voted to close this question already; retract your vote to vote again.")
	}
	res := env.API(t, http.MethodPost, fmt.Sprintf("/questions/%d/close-votes", q), veraToken, map[string]any{"reason": "bogus"})
	if res.Status != http.StatusConflict || !strings.Contains(string(res.Body), "You have voted to close this question already") {
		t.Fatalf("api: %d %s", res.Status, res.Body)
	}
}

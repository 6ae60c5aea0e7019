package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"stackdesk/internal/config"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestFlagsThroughPages: a member flags an answer and a comment from the
// question page, without JavaScript; a bad flag shows its error inline and
// keeps what was typed; moderators see the count in the header and work the
// queue: dismissing, or deleting from it, empties it and comes back to it.
func TestFlagsThroughPages(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		ada, bob, mod := newBrowser(env), newBrowser(env), newBrowser(env)
		ada.signUp(t, "ada")
		bob.signUp(t, "bob")
		mod.signUp(t, "mod")
		setRole(t, env, "mod", store.RoleModerator)
		qpath := askVPN(t, ada)
		qid := questionIDRE.FindStringSubmatch(qpath)[1]
		res := bob.post(t, qpath, "/questions/"+qid+"/answers", url.Values{"body": {"Cheap watches at example.com, best prices, click now!"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("answer: %d", res.Status)
		}
		aid := regexp.MustCompile(`#answer-(\d+)`).FindStringSubmatch(res.Header.Get("Location"))[1]
		if res := bob.post(t, qpath, "/posts/"+qid+"/comments", url.Values{"body": {"Nobody cares about your VPN, stop asking."}}); res.Status != http.StatusSeeOther {
			t.Fatalf("comment: %d", res.Status)
		}
		page := ada.get(t, qpath)
		cid := regexp.MustCompile(`href="/comments/(\d+)/flag"`).FindSubmatch(page.Body)
		if cid == nil {
			t.Fatalf("no flag link on bob's comment:\n%s", page.Body)
		}
		contains(t, page, `href="/posts/`+aid+`/flag"`)
		if strings.Contains(string(page.Body), `href="/posts/`+qid+`/flag"`) {
			t.Errorf("ada is offered to flag her own question")
		}
		if strings.Contains(string(newBrowser(env).get(t, qpath).Body), "/flag\"") {
			t.Errorf("an anonymous reader is offered flags")
		}
		// bob is offered no flag on his own answer and comment, only on ada's question.
		own := bob.get(t, qpath)
		contains(t, own, `href="/posts/`+qid+`/flag"`)
		if b := string(own.Body); strings.Contains(b, `href="/posts/`+aid+`/flag"`) || strings.Contains(b, `href="/comments/`+string(cid[1])+`/flag"`) {
			t.Errorf("bob is offered to flag his own answer or comment")
		}
		if res := bob.get(t, "/posts/"+aid+"/flag"); res.Status != http.StatusForbidden || !strings.Contains(string(res.Body), "You cannot flag your own post") {
			t.Errorf("bob opens the form for his own answer: %d", res.Status)
		}

		// The form: reasons for an answer; a missing reason and a short note are refused inline.
		form := ada.get(t, "/posts/"+aid+"/flag")
		contains(t, form, "Flag for a moderator", "You are flagging an answer to", "Cheap watches", `value="not_an_answer"`, `value="spam"`)
		contains(t, ada.get(t, "/posts/"+aid+"/flag", "Accept-Language", "de"), "An die Moderation melden",
			"Beleidigungen, Belästigung oder eine Wortwahl, die man niemandem im Unternehmen zumuten sollte.")
		res = ada.post(t, "/posts/"+aid+"/flag", "/posts/"+aid+"/flag", url.Values{"note": {"short"}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("no reason: %d", res.Status)
		}
		contains(t, res, "Choose why this needs a moderator.", ">short</textarea>")
		// A reason of another kind of post (a stale or hand-made form) is
		// named as the form's choices read, in the page's language, not by
		// the API's codes.
		cpath := "/comments/" + string(cid[1]) + "/flag"
		res = ada.post(t, cpath, cpath, url.Values{"reason": {"not_an_answer"}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("an answer's reason for a comment: %d", res.Status)
		}
		contains(t, res, "A comment is not flagged as “Not an answer”: use one of “Spam”, “Rude or abusive”, “Something else”.")
		m := csrfRE.FindSubmatch(ada.get(t, cpath).Body)
		req, _ := http.NewRequest("POST", env.URL+cpath, strings.NewReader(url.Values{"reason": {"not_an_answer"}, "_csrf": {string(m[1])}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept-Language", "de")
		contains(t, ada.do(t, req), "Ein Kommentar wird nicht als „Keine Antwort“ gemeldet: Verwenden Sie einen dieser Gründe: „Spam“, „Unhöflich oder beleidigend“, „Etwas anderes“.")
		res = ada.post(t, "/posts/"+aid+"/flag", "/posts/"+aid+"/flag", url.Values{"reason": {"other"}, "note": {"ad"}})
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(string(res.Body), `value="other" checked`) {
			t.Fatalf("other with a short note: %d\n%s", res.Status, res.Body)
		}
		res = ada.post(t, "/posts/"+aid+"/flag", "/posts/"+aid+"/flag", url.Values{"reason": {"spam"}})
		if res.Status != http.StatusSeeOther || !strings.HasSuffix(res.Header.Get("Location"), "?flagged=1#answer-"+aid) {
			t.Fatalf("flag: %d %s", res.Status, res.Header.Get("Location"))
		}
		page = ada.get(t, res.Header.Get("Location"))
		contains(t, page, "Thank you: a moderator will look at it.", `<span class="muted flagged">Flagged</span>`)
		if strings.Contains(string(page.Body), `href="/posts/`+aid+`/flag"`) {
			t.Errorf("the flagged answer still offers a flag")
		}
		res = ada.post(t, "/comments/"+string(cid[1])+"/flag", "/comments/"+string(cid[1])+"/flag", url.Values{"reason": {"rude"}, "note": {"Rude to a colleague asking for help."}})
		if res.Status != http.StatusSeeOther || !strings.HasSuffix(res.Header.Get("Location"), "#comment-"+string(cid[1])) {
			t.Fatalf("flag comment: %d %s", res.Status, res.Header.Get("Location"))
		}
		contains(t, ada.get(t, qpath), `<span class="muted small flagged">Flagged</span>`)
		// The form of something flagged already says so instead of asking again.
		again := ada.get(t, "/comments/"+string(cid[1])+"/flag")
		contains(t, again, "You flagged this already")
		if strings.Contains(string(again.Body), `name="reason"`) {
			t.Errorf("the form asks again for a comment flagged already")
		}
		// bob cannot flag his own answer, even by hand.
		if res := bob.post(t, qpath, "/posts/"+aid+"/flag", url.Values{"reason": {"spam"}}); res.Status != http.StatusForbidden {
			t.Fatalf("bob flags his own answer: %d", res.Status)
		}

		// The queue: members are refused; the moderator's header counts two.
		if res := ada.get(t, "/admin/flags"); res.Status != http.StatusForbidden {
			t.Fatalf("a member opens the queue: %d", res.Status)
		}
		home := mod.get(t, "/")
		contains(t, home, `href="/admin/flags"`, `<span class="unread-count">2<span class="sr-only"> to handle</span></span>`)
		if strings.Contains(string(ada.get(t, "/").Body), `href="/admin/flags"`) {
			t.Errorf("a member's header links the queue")
		}
		queue := mod.get(t, "/admin/flags")
		contains(t, queue, "2 flagged posts and comments", "Cheap watches", "Nobody cares", "Rude to a colleague asking for help.", "Spam", "Rude or abusive")
		// Dismiss the answer's flag; delete the comment from the queue.
		upTo := regexp.MustCompile(`name="post_id" value="` + aid + `">\s*<input type="hidden" name="outcome" value="declined">\s*<input type="hidden" name="up_to" value="(\d+)">`).FindSubmatch(queue.Body)
		if upTo == nil {
			t.Fatalf("no dismiss form with up_to for the answer:\n%s", queue.Body)
		}
		if res := mod.post(t, "/admin/flags", "/admin/flags/resolve", url.Values{"post_id": {aid}, "outcome": {"maybe"}, "up_to": {string(upTo[1])}}); res.Status != http.StatusBadRequest {
			t.Fatalf("resolve with a bad outcome: %d", res.Status)
		}
		res = mod.post(t, "/admin/flags", "/admin/flags/resolve", url.Values{"post_id": {aid}, "outcome": {"declined"}, "up_to": {string(upTo[1])}, "next": {"/admin/flags"}})
		if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/admin/flags" {
			t.Fatalf("dismiss: %d %s", res.Status, res.Header.Get("Location"))
		}
		res = mod.post(t, "/admin/flags", "/comments/"+string(cid[1])+"/delete", url.Values{"next": {"/admin/flags"}})
		if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/admin/flags" {
			t.Fatalf("delete comment: %d %s", res.Status, res.Header.Get("Location"))
		}
		contains(t, mod.get(t, "/admin/flags"), "No flags are waiting.")
		if strings.Contains(string(mod.get(t, "/").Body), `class="unread-count">`) {
			t.Errorf("the header still counts flags")
		}
		if res := ada.post(t, qpath, "/admin/flags/resolve", url.Values{"post_id": {aid}, "outcome": {"helpful"}}); res.Status != http.StatusForbidden {
			t.Fatalf("a member resolves flags: %d", res.Status)
		}
		if res := mod.post(t, "/admin/flags", "/admin/flags/resolve", url.Values{"post_id": {"abc"}}); res.Status != http.StatusNotFound {
			t.Fatalf("resolve a bad id: %d", res.Status)
		}

		// ada hears both outcomes; the comment's leads to the question, the
		// comment being gone. Her form then shows her record; bob, who never
		// flagged, sees none.
		contains(t, ada.get(t, "/inbox"), "mod"+staffMark("moderator")+" dismissed your flag", "mod"+staffMark("moderator")+" deleted what you flagged: your flag was helpful")
		contains(t, ada.get(t, "/inbox", "Accept-Language", "de"), "mod"+staffMark("Moderation")+" hat Ihre Meldung zurückgewiesen")
		contains(t, ada.get(t, "/posts/"+aid+"/flag"), "You have raised 2 flags so far; 1 of them helpful.")
		contains(t, ada.get(t, "/posts/"+aid+"/flag", "Accept-Language", "de"), "Sie haben bisher 2 Meldungen abgegeben, davon hilfreich: 1.")
		if strings.Contains(string(bob.get(t, "/posts/"+qid+"/flag").Body), "You have raised") {
			t.Errorf("the flag form shows a record to one who never flagged")
		}
	})
}

// TestFlagFormSaysWhyNotFirst: the flag form of one's own post or comment,
// or of one flagged already and still waiting, says so at once, with a link
// back, instead of a form that could only be refused once filled in.
func TestFlagFormSaysWhyNotFirst(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		ada, bob := newBrowser(env), newBrowser(env)
		ada.signUp(t, "ada")
		bob.signUp(t, "bob")
		qpath := askVPN(t, ada)
		qid := questionIDRE.FindStringSubmatch(qpath)[1]
		res := bob.post(t, qpath, "/questions/"+qid+"/answers", url.Values{"body": {"Restart the VPN client and log in again with your token."}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("answer: %d", res.Status)
		}
		aid := regexp.MustCompile(`#answer-(\d+)`).FindStringSubmatch(res.Header.Get("Location"))[1]
		res = bob.post(t, qpath, "/posts/"+qid+"/comments", url.Values{"body": {"Which VPN client do you use, exactly?"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("comment: %d", res.Status)
		}
		cid := regexp.MustCompile(`#comment-(\d+)`).FindStringSubmatch(res.Header.Get("Location"))[1]
		noForm := func(page *testkit.Response, why string) {
			t.Helper()
			contains(t, page, why, `href="`+qpath)
			if strings.Contains(string(page.Body), `class="stack flag-form"`) || strings.Contains(string(page.Body), "You are flagging") {
				t.Errorf("the flag form, or its lead, shows although %q", why)
			}
		}
		noForm(ada.get(t, "/posts/"+qid+"/flag"), "You cannot flag your own post; edit or delete it instead.")
		noForm(bob.get(t, "/posts/"+aid+"/flag"), "You cannot flag your own post; edit or delete it instead.")
		noForm(bob.get(t, "/comments/"+cid+"/flag"), "You cannot flag your own comment; delete it instead.")

		// ada flags bob's comment: its form then says so; his answer's form still works.
		if res := ada.post(t, "/comments/"+cid+"/flag", "/comments/"+cid+"/flag", url.Values{"reason": {"spam"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("flag comment: %d", res.Status)
		}
		noForm(ada.get(t, "/comments/"+cid+"/flag"), "You flagged this already; a moderator will look at it.")
		contains(t, ada.get(t, "/posts/"+aid+"/flag"), `class="stack flag-form"`, `value="not_an_answer"`)
		if res := ada.post(t, "/posts/"+aid+"/flag", "/posts/"+aid+"/flag", url.Values{"reason": {"not_an_answer"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("flag answer: %d", res.Status)
		}
		noForm(ada.get(t, "/posts/"+aid+"/flag"), "You flagged this already; a moderator will look at it.")
	})
}

// TestDismissalNoteThroughPages: a moderator dismisses a flag from the queue
// with a short note; one too long is refused inline at that item, keeping
// what was typed, and dismisses nothing. The flagger reads the note, as
// plain text, in the inbox (in either language) and in their record on the
// flag form.
func TestDismissalNoteThroughPages(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		ada, bob, mod := newBrowser(env), newBrowser(env), newBrowser(env)
		ada.signUp(t, "ada")
		bob.signUp(t, "bob")
		mod.signUp(t, "mod")
		setRole(t, env, "mod", store.RoleModerator)
		qpath := askVPN(t, ada)
		qid := questionIDRE.FindStringSubmatch(qpath)[1]
		res := bob.post(t, qpath, "/questions/"+qid+"/answers", url.Values{"body": {"See the vendor manual at example.com, chapter on certificates."}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("answer: %d", res.Status)
		}
		aid := regexp.MustCompile(`#answer-(\d+)`).FindStringSubmatch(res.Header.Get("Location"))[1]
		if res := ada.post(t, "/posts/"+aid+"/flag", "/posts/"+aid+"/flag", url.Values{"reason": {"spam"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("flag: %d %s", res.Status, res.Body)
		}
		queue := mod.get(t, "/admin/flags")
		field := `<input type="text" id="decline-note-` + aid + `-0" name="note"`
		contains(t, queue, `<label for="decline-note-`+aid+`-0" class="small">Note to the flaggers (optional)</label>`, field, `maxlength="200"`)
		upTo := regexp.MustCompile(`name="post_id" value="` + aid + `">\s*<input type="hidden" name="outcome" value="declined">\s*<input type="hidden" name="up_to" value="(\d+)">`).FindSubmatch(queue.Body)
		if upTo == nil {
			t.Fatalf("no dismiss form:\n%s", queue.Body)
		}
		form := url.Values{"post_id": {aid}, "outcome": {"declined"}, "up_to": {string(upTo[1])}, "next": {"/admin/flags"},
			"note": {strings.Repeat("too long ", 30)}}
		res = mod.post(t, "/admin/flags", "/admin/flags/resolve", form)
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("a long note: %d %s", res.Status, res.Body)
		}
		contains(t, res, `<p class="field-error" id="note-error" role="alert">`, `value="`+strings.Repeat("too long ", 30)+`" aria-invalid="true" aria-describedby="note-error">`, "1 flagged post or comment")
		// The queue shown again at the form's address: its forms come back
		// to the queue, and links relative to the address lead there too.
		if strings.Contains(string(res.Body), `name="next" value="/admin/flags/resolve`) || !strings.Contains(string(res.Body), `name="next" value="/admin/flags">`) {
			t.Fatalf("the queue shown again sends its forms back to the wrong page:\n%s", res.Body)
		}
		if again := mod.get(t, "/admin/flags/resolve?page=2"); again.Status != http.StatusSeeOther || again.Header.Get("Location") != "/admin/flags?page=2" {
			t.Fatalf("a page link of the queue shown again: %d %q", again.Status, again.Header.Get("Location"))
		}
		if strings.Contains(string(ada.get(t, "/inbox").Body), "dismissed your flag") {
			t.Fatal("a refused note dismissed the flag")
		}
		// A long note for a post that does not exist: no such post, first.
		gone := url.Values{"post_id": {"999999"}, "outcome": {"declined"}, "up_to": {string(upTo[1])}, "next": {"/admin/flags"},
			"note": {strings.Repeat("too long ", 30)}}
		if res := mod.post(t, "/admin/flags", "/admin/flags/resolve", gone); res.Status != http.StatusNotFound {
			t.Fatalf("a long note for no post: %d %s", res.Status, res.Body)
		}

		note := `A link to the vendor's manual is an answer <script>alert(1)</script> תודה`
		form.Set("note", "  "+note+"  ")
		res = mod.post(t, "/admin/flags", "/admin/flags/resolve", form)
		if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/admin/flags" {
			t.Fatalf("dismiss: %d %s", res.Status, res.Body)
		}
		contains(t, mod.get(t, "/admin/flags"), "No flags are waiting.")
		escaped := `A link to the vendor&#39;s manual is an answer &lt;script&gt;alert(1)&lt;/script&gt; תודה`
		inbox := ada.get(t, "/inbox")
		// In a line of the inbox, the note (with right-to-left words) is
		// isolated, so it cannot reorder the words around it.
		contains(t, inbox, "mod"+staffMark("moderator")+" dismissed your flag: “\u2068"+escaped+"\u2069”")
		contains(t, ada.get(t, "/inbox", "Accept-Language", "de"), "mod"+staffMark("Moderation")+" hat Ihre Meldung zurückgewiesen: „\u2068"+escaped+"\u2069“")
		rec := ada.get(t, "/posts/"+aid+"/flag")
		contains(t, rec, "You have raised 1 flag so far; 0 of them helpful.", "Moderators&#39; notes on your latest dismissed flags:",
			`Spam · <a href="/questions/`+qid+`#answer-`+aid+`" dir="auto">VPN certificate expired this morning</a>: <q dir="auto">`+escaped+`</q>`)
		contains(t, ada.get(t, "/posts/"+aid+"/flag", "Accept-Language", "de"), "Hinweise der Moderation zu Ihren zuletzt zurückgewiesenen Meldungen:")
		for _, page := range []*testkit.Response{inbox, rec} {
			if strings.Contains(string(page.Body), "<script>alert(1)") {
				t.Fatalf("the note is not plain text:\n%s", page.Body)
			}
		}
	})
}

// TestFlagFormSaysTheDayIsUsedUp: once a member raised the day's flags,
// the form of the next one says so at once, in their language, instead of
// a form refused only when sent.
func TestFlagFormSaysTheDayIsUsedUp(t *testing.T) {
	env := testkit.Boot(t, store.SQLite, func(c *config.Config) { c.FlagsPerDay = 2 })
	ada, bob := newBrowser(env), newBrowser(env)
	ada.signUp(t, "ada")
	bob.signUp(t, "bob")
	var ids []string
	for _, title := range []string{"VPN drops every hour at home", "Printer shows offline on floor two", "Outlook asks for the password again"} {
		res := bob.post(t, "/questions/ask", "/questions/ask", url.Values{"title": {title}, "body": {"It started on Monday and nothing I tried has helped so far."}, "tags": {"it"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("ask: %d", res.Status)
		}
		ids = append(ids, questionIDRE.FindStringSubmatch(res.Header.Get("Location"))[1])
	}
	for _, id := range ids[:2] {
		contains(t, ada.get(t, "/posts/"+id+"/flag"), `class="stack flag-form"`)
		if res := ada.post(t, "/posts/"+id+"/flag", "/posts/"+id+"/flag", url.Values{"reason": {"spam"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("flag %s: %d", id, res.Status)
		}
	}
	page := ada.get(t, "/posts/"+ids[2]+"/flag")
	contains(t, page, "You have raised 2 flags in the last 24 hours; please wait before raising more.")
	if strings.Contains(string(page.Body), `class="stack flag-form"`) {
		t.Error("the form shows although the day's flags are used up")
	}
	contains(t, ada.get(t, "/posts/"+ids[2]+"/flag", "Accept-Language", "de"), "Sie haben in den letzten 24 Stunden 2")
}

package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

var suggestionPathRE = regexp.MustCompile(`^/suggested-edits/(\d+)$`)

// TestSuggestedEditsThroughPages: a member below the edit privilege
// suggests an edit from the question page, without JavaScript; a bad one is
// refused inline; the post stays as it was while the suggestion waits, and a
// second one waits behind it; a reviewer finds it in the header and the
// queue and approves it, which shows it, credits its author in the history,
// and tells them; the post's author rejects the next one with a reason.
func TestSuggestedEditsThroughPages(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		ada, bob, cyd := newBrowser(env), newBrowser(env), newBrowser(env)
		ada.signUp(t, "ada")
		bob.signUp(t, "bob")
		cyd.signUp(t, "cyd")
		if err := env.App.Store.DB.Model(&store.User{}).Where("username = ?", "cyd").Update("reputation", 600).Error; err != nil {
			t.Fatal(err)
		}
		qpath := askVPN(t, ada)
		qid := questionIDRE.FindStringSubmatch(qpath)[1]
		edit := "/posts/" + qid + "/edit"
		contains(t, bob.get(t, qpath), `href="`+edit+`" title="Your edit is shown once someone approves it">Suggest edit</a>`)
		form := bob.get(t, edit)
		contains(t, form, "<h1>Suggest an edit</h1>", "Members with 500 reputation edit others", ">Suggest edit</button>")

		values := url.Values{"title": {"VPN certificate expired this morning"}, "body": {"Too short"}, "tags": {"vpn"}, "comment": {"added the error text"}}
		res := bob.post(t, edit, edit, values)
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("short suggestion: %d", res.Status)
		}
		contains(t, res, "Use at least 30 characters", ">Too short</textarea>", "<h1>Suggest an edit</h1>")
		newBody := "The client says the certificate expired (error 0x800B0101). What can I do?"
		values.Set("body", newBody)
		res = bob.post(t, edit, edit, values)
		m := suggestionPathRE.FindStringSubmatch(res.Header.Get("Location"))
		if res.Status != http.StatusSeeOther || m == nil {
			t.Fatalf("suggest: %d %q %s", res.Status, res.Header.Get("Location"), res.Body)
		}
		spath := m[0]
		contains(t, bob.get(t, spath), "<h1>Suggested edit</h1>", "Your suggested edit is waiting for review", "<ins>", "0x800B0101", "added the error text")
		if b := string(bob.get(t, spath).Body); strings.Contains(b, `/approve"`) || !strings.Contains(b, `action="`+spath+`/withdraw"`) {
			t.Error("bob is offered to approve his own suggestion, or not to withdraw it")
		}
		if strings.Contains(string(ada.get(t, spath).Body), `/withdraw"`) {
			t.Error("ada is offered to withdraw bob's suggestion")
		}
		if strings.Contains(string(ada.get(t, qpath).Body), "0x800B0101") {
			t.Fatal("the suggestion shows before review")
		}
		// The post says an edit waits, to members; not to anonymous readers.
		contains(t, ada.get(t, qpath), `href="`+spath+`" class="waiting-edit">Suggested edit waiting</a>`)
		if strings.Contains(string(newBrowser(env).get(t, qpath).Body), "waiting-edit") {
			t.Error("an anonymous reader is shown the waiting edit")
		}
		// A second suggestion waits behind the first: no form, a link to it.
		again := bob.get(t, edit)
		contains(t, again, "Your suggested edit of this post is waiting for review.", `href="`+spath+`">See it</a>`)
		if strings.Contains(string(again.Body), "<textarea") {
			t.Error("a second suggestion is offered while one waits")
		}
		// ada, the author, is told, and her edit page points to the review.
		inbox := ada.get(t, "/inbox")
		note := regexp.MustCompile(`href="(/inbox/\d+)">bob suggested an edit of your post`).FindSubmatch(inbox.Body)
		if note == nil {
			t.Fatalf("ada's inbox:\n%s", inbox.Body)
		}
		if res := ada.get(t, string(note[1])); res.Header.Get("Location") != "/posts/"+qid+"/suggested-edit" {
			t.Fatalf("notification leads to %q", res.Header.Get("Location"))
		}
		if res := ada.get(t, "/posts/"+qid+"/suggested-edit"); res.Status != http.StatusSeeOther || res.Header.Get("Location") != spath {
			t.Fatalf("notification link: %d %q", res.Status, res.Header.Get("Location"))
		}
		contains(t, ada.get(t, edit), `href="`+spath+`">Review it</a>`)

		// cyd may edit, so the header counts the suggestion and the queue lists it.
		queue := cyd.get(t, "/review")
		contains(t, queue, `<a href="/review" aria-current="page">Review <span class="unread-count">1`, "1 suggested edit waits", `href="`+spath+`?next=/review"`)
		if strings.Contains(string(bob.get(t, "/questions").Body), `href="/review"`) {
			t.Error("bob, below the edit privilege, sees the review link")
		}
		from := spath + "?next=/review"
		contains(t, cyd.get(t, from), `action="`+spath+`/approve"`, `value="no_improvement"`)
		res = cyd.post(t, from, spath+"/approve", url.Values{"next": {"/review"}})
		if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/review?reviewed=approved" {
			t.Fatalf("approve: %d %q %s", res.Status, res.Header.Get("Location"), res.Body)
		}
		contains(t, cyd.get(t, res.Header.Get("Location")), "Nothing waits for review.", "Approved: the edit is saved as the post")
		// Reviewed already: a rejection is a conflict, whatever its reason.
		for _, reason := range []string{"", "no_improvement"} {
			res := ada.post(t, qpath, spath+"/reject", url.Values{"reason": {reason}})
			if res.Status != http.StatusConflict {
				t.Fatalf("rejection (%q) of an approved edit: %d", reason, res.Status)
			}
			contains(t, res, "This suggested edit has been reviewed already.")
		}
		// The confirmation is for whoever reviewed; a link does not claim it for others.
		if strings.Contains(string(bob.get(t, qpath+"?reviewed=approved").Body), "Approved: the edit is saved") {
			t.Error("a link shows bob a confirmation of a review he did not do")
		}
		contains(t, ada.get(t, qpath), "0x800B0101")
		if strings.Contains(string(ada.get(t, qpath).Body), "waiting-edit") {
			t.Error("the post still says an edit waits after its approval")
		}
		contains(t, ada.get(t, "/posts/"+qid+"/revisions"), "suggested edit approved by cyd", "added the error text")
		contains(t, bob.get(t, spath), "Approved by cyd", `revisions#rev-2">see the revision</a>`)
		// bob's notification leads to his suggestion; /review lists his own.
		inbox = bob.get(t, "/inbox")
		note = regexp.MustCompile(`href="(/inbox/\d+)">cyd approved your suggested edit`).FindSubmatch(inbox.Body)
		if note == nil {
			t.Fatalf("bob's inbox:\n%s", inbox.Body)
		}
		if res = bob.get(t, string(note[1])); res.Status != http.StatusSeeOther || res.Header.Get("Location") != spath {
			t.Fatalf("bob's notification leads to %d %q", res.Status, res.Header.Get("Location"))
		}
		contains(t, bob.get(t, "/review"), "Your suggested edits", `href="`+spath+`"`, ">approved</span>")
		contains(t, bob.get(t, "/users?filter=bob"), `title="reputation">3</span>`)

		// The next suggestion, begun before ada edits the question: it is
		// refused, and the form starts again from her version.
		values.Set("body", newBody+" Restarting did not help.")
		values.Set("comment", "")
		values.Set("revision", "2")
		if res := ada.post(t, edit, edit, url.Values{"title": {"VPN certificate expired this morning"}, "body": {newBody + " (Windows 11)"}, "tags": {"vpn network"}, "revision": {"2"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("ada's edit: %d %s", res.Status, res.Body)
		}
		res = bob.post(t, edit, edit, values)
		if res.Status != http.StatusConflict {
			t.Fatalf("suggestion of an old version: %d", res.Status)
		}
		contains(t, res, "The post was edited (now revision 3)", `name="revision" value="3"`, `/revisions"`)
		values.Set("revision", "3")
		res = bob.post(t, edit, edit, values)
		if res.Status != http.StatusSeeOther {
			t.Fatalf("second suggestion: %d %s", res.Status, res.Body)
		}
		spath = res.Header.Get("Location")
		contains(t, ada.get(t, spath, "Accept-Language", "de"), "<h1>Vorgeschlagene Bearbeitung</h1>", ">Annehmen</button>", "keine Verbesserung")
		res = ada.post(t, spath, spath+"/reject", url.Values{"note": {"Please add this as a comment."}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("reject without a reason: %d", res.Status)
		}
		contains(t, res, "Choose why the edit is rejected.", `value="Please add this as a comment."`)
		res = ada.post(t, spath, spath+"/reject", url.Values{"reason": {"reply"}, "note": {"Please add this as a comment."}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("reject: %d %s", res.Status, res.Body)
		}
		contains(t, ada.get(t, res.Header.Get("Location")), "Rejected: whoever suggested it is told why.")
		contains(t, bob.get(t, spath), "Rejected by ada: should be an answer or a comment", "Please add this as a comment.")
		contains(t, bob.get(t, "/inbox"), "ada rejected your suggested edit (should be an answer or a comment)")
		if strings.Contains(string(ada.get(t, qpath).Body), "Restarting did not help") {
			t.Error("a rejected suggestion shows")
		}
		// Reviewed: nobody is offered the forms any more.
		if strings.Contains(string(cyd.get(t, spath).Body), `/approve"`) {
			t.Error("a rejected suggestion offers approval")
		}

		// A suggestion waiting while the author edits the post directly:
		// the author is warned on the form; saving closes it unreviewed,
		// which its author is told without it reading as a rejection.
		values.Set("body", newBody+" (Windows 11) The VPN log says 0x800B0101 twice.")
		values.Set("revision", "3")
		res = bob.post(t, edit, edit, values)
		if res.Status != http.StatusSeeOther {
			t.Fatalf("third suggestion: %d %s", res.Status, res.Body)
		}
		spath = res.Header.Get("Location")
		contains(t, bob.get(t, edit), "Your suggested edit of this post is waiting for review.")
		contains(t, ada.get(t, edit), "Review it</a> Saving an edit of your own closes it unreviewed.")
		if res := ada.post(t, edit, edit, url.Values{"title": {"VPN certificate expired this morning"}, "body": {newBody + " (Windows 11, client 5.2)"}, "tags": {"vpn network"}, "revision": {"3"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("ada's second edit: %d %s", res.Status, res.Body)
		}
		contains(t, bob.get(t, spath), "Closed unreviewed: ada edited the post after it was suggested", `href="/posts/`+qid+`/edit">Suggest it again</a>`)
		contains(t, bob.get(t, "/inbox"), "Your suggested edit was closed: ada edited the post meanwhile")
		contains(t, bob.get(t, "/review"), `status-superseded">closed</span>`)
	})
}

// TestReviewedSuggestionIsReadInTheAuthorsInbox: the author's notice of a
// suggested edit is unread while it waits; once a privileged reviewer
// approves it, the author's inbox counts it no more and shows it read.
func TestReviewedSuggestionIsReadInTheAuthorsInbox(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		ada, bob, cyd := newBrowser(env), newBrowser(env), newBrowser(env)
		ada.signUp(t, "ada")
		bob.signUp(t, "bob")
		cyd.signUp(t, "cyd")
		if err := env.App.Store.DB.Model(&store.User{}).Where("username = ?", "cyd").Update("reputation", 600).Error; err != nil {
			t.Fatal(err)
		}
		qpath := askVPN(t, ada)
		edit := "/posts/" + questionIDRE.FindStringSubmatch(qpath)[1] + "/edit"
		res := bob.post(t, edit, edit, url.Values{"title": {"VPN certificate expired this morning"}, "tags": {"vpn"},
			"body": {"The client says the certificate expired (error 0x800B0101). What can I do?"}})
		spath := res.Header.Get("Location")
		if res.Status != http.StatusSeeOther || !suggestionPathRE.MatchString(spath) {
			t.Fatalf("suggest: %d %q", res.Status, spath)
		}
		unread := regexp.MustCompile(`<li class="note unread" id="note-\d+">\s*<span class="sr-only">Unread:</span>\s*<a href="/inbox/\d+">bob suggested an edit of your post`)
		inbox := ada.get(t, "/inbox")
		contains(t, inbox, "1 unread")
		if !unread.Match(inbox.Body) {
			t.Fatalf("the suggestion is not unread in ada's inbox:\n%s", inbox.Body)
		}
		if res := cyd.post(t, spath, spath+"/approve", url.Values{}); res.Status != http.StatusSeeOther {
			t.Fatalf("approve: %d %s", res.Status, res.Body)
		}
		inbox = ada.get(t, "/inbox")
		contains(t, inbox, "0 unread", `<li class="note" id="note-`, `">bob suggested an edit of your post`)
		if unread.Match(inbox.Body) || strings.Contains(string(inbox.Body), "Mark all read") {
			t.Fatalf("ada's inbox still asks for the review:\n%s", inbox.Body)
		}
	})
}

// TestReviewPageIntroReadsWhole: /review tells a member below the edit
// privilege what the page holds in whole sentences, in English and German:
// that nothing waits when nothing does, how many wait for their posts when
// some do, and what the edit privilege adds.
func TestReviewPageIntroReadsWhole(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	ada, bob := newBrowser(env), newBrowser(env)
	ada.signUp(t, "ada")
	bob.signUp(t, "bob")
	contains(t, bob.get(t, "/review"), "No suggested edits to your posts are waiting. With the edit privilege you also review suggested edits to everyone else&#39;s posts.")
	de := bob.get(t, "/review", "Accept-Language", "de")
	contains(t, de, "Für Ihre Beiträge wartet keine vorgeschlagene Bearbeitung. Mit dem Bearbeitungsrecht prüfen Sie auch die Vorschläge für die Beiträge aller anderen Mitglieder.")
	if strings.Contains(string(de.Body), "0 vorgeschlagene") {
		t.Error("the German page counts 0 suggested edits")
	}
	qpath := askVPN(t, ada)
	edit := "/posts/" + questionIDRE.FindStringSubmatch(qpath)[1] + "/edit"
	res := bob.post(t, edit, edit, url.Values{"title": {"VPN certificate expired this morning"}, "tags": {"vpn"},
		"body": {"The client says the certificate expired (error 0x800B0101). What can I do?"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("suggest: %d %s", res.Status, res.Body)
	}
	// The German settings heading and the Editor badge read as German.
	contains(t, bob.get(t, "/settings", "Accept-Language", "de"), ">Ansprechbar für</label>")
	contains(t, bob.get(t, "/badges", "Accept-Language", "de"), "Sorgfältig")
	contains(t, ada.get(t, "/review", "Accept-Language", "de"), "1 vorgeschlagene Bearbeitung wartet · Vorgeschlagene Bearbeitungen Ihrer eigenen Beiträge, die am längsten wartenden zuerst. Mit dem Bearbeitungsrecht")
}

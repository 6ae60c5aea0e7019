package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

var (
	headerUnreadRE = regexp.MustCompile(`<span class="unread-count">(\d+)<span class="sr-only"> unread</span></span>`)
	unreadNoteRE   = regexp.MustCompile(`<li class="note unread" id="note-(\d+)">`)
	readNoteRE     = regexp.MustCompile(`<li class="note" id="note-(\d+)">`)
	markOneRE      = regexp.MustCompile(`<form method="post" action="/inbox/(\d+)/read"`)
)

// headerUnread reads the unread count in the page header: 0 when the header
// shows none (the inbox link must be there).
func headerUnread(t *testing.T, res *testkit.Response) int {
	t.Helper()
	if res.Status != http.StatusOK || !strings.Contains(string(res.Body), `class="inbox-link"`) {
		t.Fatalf("page without the inbox link (%d):\n%s", res.Status, res.Body)
	}
	ms := headerUnreadRE.FindAllSubmatch(res.Body, -1)
	switch len(ms) {
	case 0:
		if strings.Contains(string(res.Body), "unread-count") {
			t.Fatalf("unread count in an unexpected shape:\n%s", res.Body)
		}
		return 0
	case 1:
		n, _ := strconv.Atoi(string(ms[0][1]))
		return n
	}
	t.Fatalf("%d unread counts in the header", len(ms))
	return 0
}

// inboxState is what the inbox page shows: the header count, the unread and
// read notifications, and which ones carry a "mark read" form.
type inboxState struct {
	header       int
	unread, read []string
	forms        []string
	markAll      bool
}

func ids(re *regexp.Regexp, body []byte) []string {
	var out []string
	for _, m := range re.FindAllSubmatch(body, -1) {
		out = append(out, string(m[1]))
	}
	slices.Sort(out)
	return out
}

func inboxOf(t *testing.T, b *browser) inboxState {
	t.Helper()
	res := b.get(t, "/inbox")
	s := inboxState{header: headerUnread(t, res), unread: ids(unreadNoteRE, res.Body), read: ids(readNoteRE, res.Body),
		forms: ids(markOneRE, res.Body), markAll: strings.Contains(string(res.Body), `action="/inbox/read"`)}
	if !strings.Contains(string(res.Body), strconv.Itoa(len(s.unread))+" unread") {
		t.Fatalf("inbox does not say %d unread:\n%s", len(s.unread), res.Body)
	}
	if !slices.Equal(s.forms, s.unread) || s.header != len(s.unread) || s.markAll != (len(s.unread) > 0) {
		t.Fatalf("inbox disagrees with itself: %+v", s)
	}
	// The header of another page counts the same.
	if n := headerUnread(t, b.get(t, "/")); n != s.header {
		t.Fatalf("home page header says %d unread, inbox %d", n, s.header)
	}
	return s
}

func answerThrough(t *testing.T, b *browser, qpath, body string) {
	t.Helper()
	qid := questionIDRE.FindStringSubmatch(qpath)[1]
	if res := b.post(t, qpath, "/questions/"+qid+"/answers", url.Values{"body": {body}}); res.Status != http.StatusSeeOther {
		t.Fatalf("answer: %d %s", res.Status, res.Body)
	}
}

func TestInboxMarkReadFormsThroughPages(t *testing.T) {
	each(t, func(t *testing.T, env *testkit.Env) {
		ada, bob, cyd, dee := newBrowser(env), newBrowser(env), newBrowser(env), newBrowser(env)
		ada.signUp(t, "ada")
		bob.signUp(t, "bob")
		cyd.signUp(t, "cyd")
		dee.signUp(t, "dee")
		qpath := askVPN(t, ada)
		answerThrough(t, bob, qpath, "Renew it in the self-service portal, then reconnect.")
		answerThrough(t, cyd, qpath, "Delete the old certificate from the keychain and reconnect.")
		answerThrough(t, dee, qpath, "The helpdesk can push a new certificate to your laptop.")
		res := dee.post(t, "/questions/ask", "/questions/ask", url.Values{"title": {"Printer on floor two jams on every job"},
			"body": {"Every print job jams the printer on floor two since Monday."}, "tags": {"printer"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("ask: %d %s", res.Status, res.Body)
		}
		answerThrough(t, bob, res.Header.Get("Location"), "Check the paper tray guides; they were set to A5 last week.")

		start := inboxOf(t, ada)
		if start.header != 3 || len(start.unread) != 3 || len(start.read) != 0 {
			t.Fatalf("ada's inbox at the start: %+v", start)
		}
		deeStart := inboxOf(t, dee)
		if deeStart.header != 1 {
			t.Fatalf("dee's inbox at the start: %+v", deeStart)
		}
		first, rest := start.unread[0], start.unread[1:]

		// dee cannot mark ada's notification read, one by one or through "mark all".
		res = dee.post(t, "/inbox", "/inbox/"+first+"/read", url.Values{"next": {"/inbox"}})
		if res.Status != http.StatusForbidden && res.Status != http.StatusNotFound {
			t.Fatalf("dee marks ada's notification read: %d %s", res.Status, res.Body)
		}
		if res := dee.post(t, "/inbox", "/inbox/read", url.Values{}); res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/inbox" {
			t.Fatalf("dee marks all read: %d %s", res.Status, res.Header.Get("Location"))
		}
		if s := inboxOf(t, dee); s.header != 0 || !slices.Equal(s.read, deeStart.unread) {
			t.Fatalf("dee's inbox after marking all read: %+v", s)
		}
		// Without the form's CSRF token nothing is marked.
		req, _ := http.NewRequest("POST", env.URL+"/inbox/"+first+"/read", strings.NewReader(url.Values{"_csrf": {"forged"}, "next": {"/inbox"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if res := ada.do(t, req); res.Status != http.StatusForbidden {
			t.Fatalf("mark read with a forged CSRF token: %d", res.Status)
		}
		if s := inboxOf(t, ada); s.header != 3 || !slices.Equal(s.unread, start.unread) {
			t.Fatalf("ada's notifications changed by others: %+v", s)
		}

		// ada marks one read: the header counts one fewer.
		res = ada.post(t, "/inbox", "/inbox/"+first+"/read", url.Values{"next": {"/inbox"}})
		if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/inbox" {
			t.Fatalf("mark one read: %d %s", res.Status, res.Header.Get("Location"))
		}
		s := inboxOf(t, ada)
		if s.header != 2 || !slices.Equal(s.unread, rest) || !slices.Equal(s.read, []string{first}) {
			t.Fatalf("after marking %s read: %+v", first, s)
		}
		// Marking it again changes nothing.
		if res := ada.post(t, "/inbox", "/inbox/"+first+"/read", url.Values{"next": {"/inbox"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("mark read again: %d", res.Status)
		}
		if s := inboxOf(t, ada); s.header != 2 || !slices.Equal(s.unread, rest) {
			t.Fatalf("after marking %s read again: %+v", first, s)
		}

		// Mark all read: none left, and the button is gone.
		res = ada.post(t, "/inbox", "/inbox/read", url.Values{})
		if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/inbox" {
			t.Fatalf("mark all read: %d %s", res.Status, res.Header.Get("Location"))
		}
		s = inboxOf(t, ada)
		if s.header != 0 || len(s.unread) != 0 || !slices.Equal(s.read, start.unread) || s.markAll {
			t.Fatalf("after marking all read: %+v", s)
		}
	})
}

// TestInboxSaysWhenTheQuestionIsGone: a notification about a question
// deleted since says so, instead of a line without a title.
func TestInboxSaysWhenTheQuestionIsGone(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	_, bob := env.SignUp(t, "bob")
	q := env.Ask(t, ada, "Printer on floor 3 prints blank pages", "printer")
	env.Answer(t, bob, q, "Replace the toner cartridge, the old one is empty.")
	if res := env.API(t, "DELETE", "/questions/"+strconv.FormatInt(q, 10), ada, nil); res.Status != http.StatusNoContent {
		t.Fatalf("delete: %d %s", res.Status, res.Body)
	}
	b := newBrowser(env)
	b.logIn(t, "ada")
	contains(t, b.get(t, "/inbox"), "(the question has been deleted)")
}

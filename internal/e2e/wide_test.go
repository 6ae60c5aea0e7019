package e2e

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestShortJapaneseCommentPostsFromTheBrowser: a comment of ten Japanese
// characters passes the 15-character minimum (each counts twice), and the
// browser sends it rather than stop it with the form's own length check; a
// comment too short by any count comes back with the server's message
// beside the form.
func TestShortJapaneseCommentPostsFromTheBrowser(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	q := env.Ask(t, ada, "Outlook keeps asking for my password every hour", "outlook")
	tab := testkit.Tab(t, testkit.Browser(t), 60*time.Second)
	const comment = "再起動しても直りません"
	box := "#comment-" + strconv.FormatInt(q, 10) + "-body"
	send := "form[action$='/comments'] button[type=submit]"
	err := chromedp.Do(tab,
		signUp(env, "yui"),
		chromedp.Navigate(env.URL+"/questions/"+strconv.FormatInt(q, 10)),
		chromedp.Click(".add-comment summary"),
		chromedp.WaitVisible(box),
		chromedp.SendKeys(box, comment), // typed, so the browser's own checks apply
		chromedp.Click(send),
		chromedp.WaitVisible(".comment-body"),
	)
	if err != nil {
		t.Fatalf("comment in Japanese: %v", err)
	}
	got, err := chromedp.Run(tab, chromedp.Text(".comment-body"))
	if err != nil || strings.TrimSpace(got) != comment {
		t.Fatalf("the comment shows %q (%v), want %q", got, err, comment)
	}
	err = chromedp.Do(tab,
		chromedp.Click(".add-comment summary"),
		chromedp.WaitVisible(box),
		chromedp.SendKeys(box, "短い"),
		chromedp.Click(send),
		chromedp.WaitVisible(".field-error"),
	)
	if err != nil {
		t.Fatalf("a short comment: %v", err)
	}
	msg, err := chromedp.Run(tab, chromedp.Text(".field-error"))
	if err != nil || !strings.Contains(msg, "count twice") {
		t.Fatalf("the short comment's message: %q (%v)", msg, err)
	}
}

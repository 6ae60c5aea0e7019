package e2e

import (
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stackdesk/internal/config"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestPostImagesCannotActOnThisSite: an answer whose images point at this
// site's own pages (a notification, a search) makes the reader's browser
// request them with the reader's cookies; those requests change nothing:
// the notification stays unread and no search is recorded for the reader.
// Opened as a page, the same notification address marks it read. The
// site's own address is in STACKDESK_IMAGE_HOSTS here (as an administrator
// may list it), so that the answer shows the images and the browser asks.
func TestPostImagesCannotActOnThisSite(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // the app listens on it again at once
	env := testkit.Boot(t, store.SQLite, func(c *config.Config) {
		c.Addr, c.ImageHosts = addr, []config.ImageHost{{Host: addr, HTTP: true}}
	})
	_, ada := env.SignUp(t, "ada")
	_, bob := env.SignUp(t, "bob")
	_, carl := env.SignUp(t, "carl")
	q := env.Ask(t, ada, "Shared mailbox does not show in Outlook", "outlook")
	env.Answer(t, bob, q, "Add the shared mailbox under Account settings, then restart Outlook.")
	db := env.App.Store.DB
	var note struct{ ID int64 }
	if err := db.Table("notifications").Select("id").Where("user_id = (SELECT id FROM users WHERE username = 'ada')").Take(&note).Error; err != nil {
		t.Fatalf("ada's notification of the answer: %v", err)
	}
	other := env.Ask(t, bob, "Printer on floor two is offline", "printer")
	env.Answer(t, carl, other, "Restart it from its menu.\n\n![status]("+env.URL+"/inbox/"+strconv.FormatInt(note.ID, 10)+
		") ![chart]("+env.URL+"/search?q=salary+leak+printer)")

	tab := testkit.Tab(t, testkit.Browser(t), 60*time.Second)
	err = chromedp.Do(tab,
		chromedp.Navigate(env.URL+"/login?next=/questions/"+strconv.FormatInt(other, 10)),
		chromedp.WaitVisible("#login"),
		chromedp.SendKeys("#login", "ada"),
		chromedp.SendKeys("#password", "correct horse battery"),
		chromedp.Submit("#password"),
		chromedp.WaitVisible("#q-title"),
	)
	if err != nil {
		t.Fatalf("opening the question: %v", err)
	}
	// Both images were requested, and failed.
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](`(() => { const im = [...document.querySelectorAll(".post-body img, .answer img")];
		return im.length == 2 && im.every(i => i.complete && i.naturalWidth == 0); })()`, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("the answer's images were not requested: %v", err)
	}
	read := func() bool {
		t.Helper()
		var r struct{ ReadAt *time.Time }
		if err := db.Table("notifications").Select("read_at").Where("id = ?", note.ID).Take(&r).Error; err != nil {
			t.Fatal(err)
		}
		return r.ReadAt != nil
	}
	if read() {
		t.Error("an image of a post marked the reader's notification read")
	}
	var searches int64
	if err := db.Table("help_sessions").Where("query LIKE ? OR last_query LIKE ?", "%salary%", "%salary%").Count(&searches).Error; err != nil {
		t.Fatal(err)
	}
	if searches != 0 {
		t.Errorf("an image of a post recorded %d searches for its reader", searches)
	}
	if err := chromedp.Do(tab, chromedp.Navigate(env.URL+"/inbox/"+strconv.FormatInt(note.ID, 10)), chromedp.WaitVisible("#q-title")); err != nil {
		t.Fatalf("opening the notification: %v", err)
	}
	if !read() {
		t.Error("opening the notification as a page did not mark it read")
	}
}

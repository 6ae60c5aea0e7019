package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestSearchNoticesInBrowser types filters into the search box: a
// username nobody has is named in a notice saying why nothing matches, and
// a minus before a filter without an opposite is named as left out, and a
// tag nobody uses is named with the similar tags to search instead.
func TestSearchNoticesInBrowser(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	env.Ask(t, ada, "VPN disconnects every ten minutes", "vpn", "windows")
	env.Searchable(t)

	tab := testkit.Tab(t, testkit.Browser(t), 60*time.Second)
	search := func(q string) string {
		t.Helper()
		err := chromedp.Do(tab,
			chromedp.Navigate(env.URL+"/search"),
			chromedp.WaitVisible("main #q"),
			chromedp.SendKeys("main #q", q),
			chromedp.Submit("main #q"),
			chromedp.WaitVisible(".list-head"),
		)
		if err != nil {
			t.Fatalf("searching %q: %v", q, err)
		}
		notice, err := chromedp.Run(tab, chromedp.Evaluate[string](`Array.from(document.querySelectorAll(".notice")).map(n => n.innerText).join(" | ")`))
		if err != nil {
			t.Fatal(err)
		}
		return notice
	}
	if n := search("vpn user:nosuchname"); !strings.Contains(n, "No user has this username, so no question matches: user:nosuchname.") {
		t.Errorf("notice for an unknown user: %q", n)
	}
	if n := search("vpn -user:ada"); !strings.Contains(n, "cannot take a minus: -user:ada.") {
		t.Errorf("notice for -user:ada: %q", n)
	}
	// A tag nobody uses is named, with the tag meant offered as a link to
	// the same search with it.
	if n := search("[vpm] disconnects"); !strings.Contains(n, "No question has this tag, so none matches: [vpm]. Tags with similar names: vpn") {
		t.Errorf("notice for an unknown tag: %q", n)
	}
	err := chromedp.Do(tab, chromedp.Click(".notice a.tag"), chromedp.WaitVisible(".results"))
	if err != nil {
		t.Fatalf("following the similar tag: %v", err)
	}
	count, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.querySelector(".list-head p").innerText`))
	if err != nil || !strings.HasPrefix(count, "1 result") {
		t.Errorf("following the similar tag: %q, %v", count, err)
	}
}

package e2e

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// markLook is how a browser shows a diff's first <ins> and <del>.
type markLook struct {
	InsBefore, InsAfter, DelBefore, DelAfter string // the pseudo-elements' content
	InsLine, DelLine                         string // text-decoration-line
	HiddenWidth                              string // of the <ins>'s ::before
	HiddenClip                               string
}

// TestDiffMarksSayWhatTheyAre: in a real browser, a revision history's
// marks read, to a screen reader, with words at their start and end in
// the page's language (visually hidden), and show without colour
// (underlined, struck through), in the rendered and the Markdown view.
func TestDiffMarksSayWhatTheyAre(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	q := env.Ask(t, ada, "Printer on floor 3 prints blank pages", "printer")
	edit := map[string]any{"body": "Every page comes out grey, even the test page of the printer on floor three."}
	if res := env.API(t, "PATCH", fmt.Sprintf("/questions/%d", q), ada, edit); res.Status != http.StatusOK {
		t.Fatalf("edit: %d %s", res.Status, res.Body)
	}
	browser := testkit.Browser(t)
	want := map[string][4]string{
		"en": {`"inserted: "`, `" end of insertion "`, `"removed: "`, `" end of removal "`},
		"de": {`"eingefügt: "`, `" Ende der Einfügung "`, `"entfernt: "`, `" Ende der Entfernung "`},
	}
	for _, lang := range []string{"en", "de"} {
		tab := testkit.Tab(t, browser, 60*time.Second)
		if err := chromedp.Do(tab, chromedp.Navigate(env.URL+"/questions")); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.cookie = "lang=`+lang+`; path=/"; true`)); err != nil {
			t.Fatal(err)
		}
		for _, view := range []struct{ query, box string }{{"", ".rendered-body"}, {"?view=markdown", ".diff-body"}} {
			if err := chromedp.Do(tab, chromedp.Navigate(fmt.Sprintf("%s/posts/%d/revisions%s", env.URL, q, view.query)),
				chromedp.WaitVisible(view.box)); err != nil {
				t.Fatal(err)
			}
			got, err := chromedp.Run(tab, chromedp.Evaluate[markLook](`(() => {
				const ins = document.querySelector("#rev-2 `+view.box+` ins"), del = document.querySelector("#rev-2 `+view.box+` del");
				const s = (el, p) => getComputedStyle(el, p);
				return {InsBefore: s(ins, "::before").content, InsAfter: s(ins, "::after").content,
					DelBefore: s(del, "::before").content, DelAfter: s(del, "::after").content,
					InsLine: s(ins).textDecorationLine, DelLine: s(del).textDecorationLine,
					HiddenWidth: s(ins, "::before").width, HiddenClip: s(ins, "::before").clipPath};
			})()`))
			if err != nil {
				t.Fatal(err)
			}
			w := want[lang]
			if got.InsBefore != w[0] || got.InsAfter != w[1] || got.DelBefore != w[2] || got.DelAfter != w[3] {
				t.Errorf("%s %q: the marks say %q %q, %q %q; want %q", lang, view.query, got.InsBefore, got.InsAfter, got.DelBefore, got.DelAfter, w)
			}
			if got.InsLine != "underline" || got.DelLine != "line-through" {
				t.Errorf("%s %q: inserted text %q, removed text %q", lang, view.query, got.InsLine, got.DelLine)
			}
			if got.HiddenWidth != "1px" || got.HiddenClip != "inset(50%)" {
				t.Errorf("%s %q: the marks' words show: width %s, clip %s", lang, view.query, got.HiddenWidth, got.HiddenClip)
			}
		}
	}
}

package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestMarkdownToolbar: the ask page's body has a formatting toolbar. Bold
// marks the selected word and unmarks it pressed again; Ctrl+I marks the
// selection italic; Link with nothing selected puts a link whose address
// is selected to be typed over; a numbered list takes whole lines, after
// a paragraph's line with a blank line between, and Undo takes it back;
// the preview shows the list. The answer form has the toolbar too.
func TestMarkdownToolbar(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	tab := testkit.Tab(t, testkit.Browser(t), 60*time.Second)
	value := func() string {
		t.Helper()
		v, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.querySelector("#body").value`))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	selected := func() string {
		t.Helper()
		v, err := chromedp.Run(tab, chromedp.Evaluate[string](`(f => f.value.slice(f.selectionStart, f.selectionEnd))(document.querySelector("#body"))`))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	sel := func(from, to int) chromedp.Action[chromedp.Void] {
		return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(f => { f.focus(); f.setSelectionRange(%d, %d); })(document.querySelector("#body"))`, from, to))
	}
	err := chromedp.Do(tab,
		signUp(env, "ada"),
		chromedp.Navigate(env.URL+"/questions/ask"),
		chromedp.WaitVisible(chromedp.CSS(`[data-md-toolbar="body"] [data-md="bold"]`)),
		chromedp.SendKeys(chromedp.CSS("#body"), "The printer prints blank pages"),
		sel(4, 11),
		chromedp.Click(chromedp.CSS(`[data-md-toolbar="body"] [data-md="bold"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if v, s := value(), selected(); v != "The **printer** prints blank pages" || s != "printer" {
		t.Fatalf("bold: %q, selected %q", v, s)
	}
	if err := chromedp.Do(tab, chromedp.Click(chromedp.CSS(`[data-md-toolbar="body"] [data-md="bold"]`))); err != nil {
		t.Fatal(err)
	}
	if v := value(); v != "The printer prints blank pages" {
		t.Fatalf("bold again: %q", v)
	}
	if err := chromedp.Do(tab, sel(19, 24), chromedp.KeyEvent("i", chromedp.KeyModifiers(kb.ModifierCtrl))); err != nil {
		t.Fatal(err)
	}
	if v := value(); v != "The printer prints _blank_ pages" {
		t.Fatalf("Ctrl+I: %q", v)
	}
	end := len("The printer prints _blank_ pages")
	if err := chromedp.Do(tab, sel(end, end), chromedp.KeyEvent(" "), chromedp.Click(chromedp.CSS(`[data-md-toolbar="body"] [data-md="link"]`))); err != nil {
		t.Fatal(err)
	}
	if s := selected(); s != "https://" {
		t.Fatalf("link: %q, selected %q", value(), s)
	}
	if err := chromedp.Do(tab, chromedp.KeyEvent("https://help.example.com")); err != nil {
		t.Fatal(err)
	}
	para := "The printer prints _blank_ pages [link text](https://help.example.com)"
	if v := value(); v != para {
		t.Fatalf("link typed: %q", v)
	}
	// Two lines after the paragraph: a numbered list, a blank line before it.
	if err := chromedp.Do(tab, sel(len(para), len(para)), chromedp.KeyEvent("\rrestart it\rre-add it"), sel(len(para)+1, len(para)+21),
		chromedp.Click(chromedp.CSS(`[data-md-toolbar="body"] [data-md="ol"]`))); err != nil {
		t.Fatal(err)
	}
	if v := value(); v != para+"\n\n1. restart it\n2. re-add it" {
		t.Fatalf("numbered list: %q", v)
	}
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](`!!document.querySelector(".preview-body ol li")`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("the preview shows no list: %v", err)
	}
	if err := chromedp.Do(tab, chromedp.KeyEvent("z", chromedp.KeyModifiers(kb.ModifierCtrl))); err != nil {
		t.Fatal(err)
	}
	if v := value(); v != para+"\nrestart it\nre-add it" {
		t.Fatalf("undo: %q", v)
	}

	q := env.Ask(t, env.Token(t, "ada"), "The printer on floor 3 prints blank pages", "printers")
	if _, err := chromedp.Run(tab, chromedp.Navigate(env.URL+fmt.Sprintf("/questions/%d", q))); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(tab, chromedp.WaitVisible(chromedp.CSS(`[data-md-toolbar="answer-body"] [data-md="code"]`))); err != nil {
		t.Fatalf("the answer form has no toolbar: %v", err)
	}
}

package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestPreviewWhileTyping: on the ask page the body's Markdown shows
// rendered below it as it is typed (bold, code, a table), a script in it
// does not run but shows as typed, and the preview follows the text as it changes.
func TestPreviewWhileTyping(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	tab := testkit.Tab(t, testkit.Browser(t), 60*time.Second)
	err := chromedp.Do(tab,
		signUp(env, "ada"),
		chromedp.Navigate(env.URL+"/questions/ask"),
		chromedp.WaitVisible(chromedp.CSS("#body")),
	)
	if err != nil {
		t.Fatal(err)
	}
	if hidden, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.querySelector(".preview").hidden`)); err != nil || !hidden {
		t.Fatalf("the preview shows before anything is typed: %v %v", hidden, err)
	}
	err = chromedp.Do(tab,
		chromedp.SendKeys(chromedp.CSS("#body"), "The **printer** prints `blank` pages.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<script>window.ran = true</script><img src=x onerror=\"window.ran = true\">"),
		chromedp.WaitVisible(".preview .preview-body table"),
	)
	if err != nil {
		t.Fatalf("no preview of the table: %v", err)
	}
	html, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.querySelector(".preview-body").innerHTML`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(html, "<strong>printer</strong>") || !strings.Contains(html, "<code>blank</code>") || strings.Contains(html, "<script") || strings.Contains(html, "<img") ||
		!strings.Contains(html, "&lt;script&gt;window.ran = true&lt;/script&gt;&lt;img src=x onerror=") {
		t.Fatalf("preview: %s", html)
	}
	if ran, err := chromedp.Run(tab, chromedp.Evaluate[bool](`window.ran === true`)); err != nil || ran {
		t.Fatalf("a script in the text ran in the preview: %v %v", ran, err)
	}
	// The preview follows the text.
	if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](`(document.querySelector("#body").value = "", true)`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(tab, chromedp.SendKeys(chromedp.CSS("#body"), "Now *only* this.")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](`document.querySelector(".preview-body").innerHTML.includes("<em>only</em>") && !document.querySelector(".preview-body table")`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("the preview does not follow the text: %v", err)
	}
}

// TestPreviewTaskListLooksPosted: a task list in the preview shows each
// checkbox at its item's start, on the line of its text, as the posted
// question does; the form's full-width fields do not stretch it.
func TestPreviewTaskListLooksPosted(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	tab := testkit.Tab(t, testkit.Browser(t), 60*time.Second)
	err := chromedp.Do(tab,
		chromedp.EmulateViewport(1280, 900),
		signUp(env, "ada"),
		chromedp.Navigate(env.URL+"/questions/ask"),
		chromedp.WaitVisible(chromedp.CSS("#body")),
		chromedp.SendKeys(chromedp.CSS("#body"), "- [x] restarted it\n- [ ] new toner\n"),
		chromedp.WaitVisible(".preview-body input[type=checkbox]"),
	)
	if err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(tab, chromedp.Evaluate[string](`(() => {
		for (const box of document.querySelectorAll(".preview-body li > input[type=checkbox]")) {
			const b = box.getBoundingClientRect(), li = box.parentElement.getBoundingClientRect();
			const line = parseFloat(getComputedStyle(box.parentElement).lineHeight);
			if (b.width > 24) return "a checkbox is " + Math.round(b.width) + " px wide";
			if (b.left > li.left + 4) return "a checkbox starts " + Math.round(b.left - li.left) + " px into its item";
			if (li.height > line * 1.5) return "an item's text falls below its checkbox (" + Math.round(li.height) + " px high)";
		}
		return "";
	})()`))
	if err != nil || got != "" {
		t.Fatalf("task list in the preview: %s (%v)", got, err)
	}
}

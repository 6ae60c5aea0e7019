package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestTagSuggestionsWhileAsking types tags on the ask page as a new user
// would: the start of an existing tag offers the tags in use that start so,
// most used first with their question counts; the keyboard moves through
// them and picks one into the field without sending the form; a tag already
// in the field is not offered again; a click picks too; a made-up word is
// said to become a new tag; the question goes out with the tags picked, and
// its edit page offers tags the same way.
func TestTagSuggestionsWhileAsking(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	env.Ask(t, ada, "VPN drops every ten minutes at home", "vpn")
	env.Ask(t, ada, "VPN is slow in the evening from home", "vpn", "windows")
	env.Ask(t, ada, "VPN client does not start after the update", "vpn-client")
	env.Ask(t, ada, "VMware image does not boot any more", "vmware")

	// A long walk of many keystrokes, each answered by the server.
	tab := testkit.Tab(t, testkit.Browser(t), 120*time.Second)
	field := chromedp.CSS("#tags")
	options := chromedp.CSS(`#tags-options [role="option"]`)
	err := chromedp.Do(tab,
		signUp(env, "carl"),
		chromedp.Navigate(env.URL+"/questions/ask"),
		chromedp.WaitVisible(field),
		chromedp.Evaluate[chromedp.Void](`window.__marker = 1`),
		chromedp.SendKeys(field, "vp"),
		chromedp.WaitVisible(options),
	)
	if err != nil {
		t.Fatalf("no suggestions for vp: %v", err)
	}
	// state is what the combobox shows and tells assistive technology.
	state := func(when string) string {
		t.Helper()
		s, err := chromedp.Run(tab, chromedp.Evaluate[string](`(function () {
			var f = document.getElementById("tags"), box = document.getElementById("tags-suggest");
			var opts = Array.from(document.querySelectorAll('#tags-options [role="option"]')).map(function (o) {
				return (o.getAttribute("aria-selected") === "true" ? "*" : "") + o.textContent;
			});
			var act = f.getAttribute("aria-activedescendant");
			return [f.getAttribute("role"), "expanded=" + f.getAttribute("aria-expanded"), "box=" + (box.hidden ? "hidden" : "shown"),
				"active=" + (act ? document.getElementById(act).textContent : ""), "[" + opts.join(" | ") + "]",
				"note=" + document.querySelector("#tags-suggest .tag-new").textContent, "value=" + JSON.stringify(f.value)].join(" ");
		})()`))
		if err != nil {
			t.Fatalf("%s: %v", when, err)
		}
		return s
	}
	if got, want := state("vp"), `combobox expanded=true box=shown active=vpn× 2 [*vpn× 2 | vpn-client× 1] note= value="vp"`; got != want {
		t.Fatalf("after vp:\n got %s\nwant %s", got, want)
	}
	if err := chromedp.Do(tab, chromedp.SendKeys(field, kb.ArrowDown)); err != nil {
		t.Fatal(err)
	}
	if got, want := state("down"), `combobox expanded=true box=shown active=vpn-client× 1 [vpn× 2 | *vpn-client× 1] note= value="vp"`; got != want {
		t.Fatalf("after Down:\n got %s\nwant %s", got, want)
	}
	// Up goes back to vpn, Enter picks it: the word becomes the tag and a
	// space, the list closes, and the form is not sent.
	if err := chromedp.Do(tab, chromedp.SendKeys(field, kb.ArrowUp), chromedp.SendKeys(field, kb.Enter)); err != nil {
		t.Fatal(err)
	}
	if got, want := state("enter"), `combobox expanded=false box=hidden active= [] note= value="vpn "`; got != want {
		t.Fatalf("after Up, Enter:\n got %s\nwant %s", got, want)
	}
	marker, _ := chromedp.Run(tab, chromedp.Evaluate[int](`window.__marker || 0`))
	url, _ := chromedp.Run(tab, chromedp.Location())
	if marker != 1 || !strings.HasSuffix(url, "/questions/ask") {
		t.Fatalf("picking sent the form: marker %d, at %s", marker, url)
	}

	// vpn is in the field: vp now offers vpn-client alone; Tab picks it.
	if err := chromedp.Do(tab, chromedp.SendKeys(field, "vp")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](`document.querySelectorAll('#tags-options [role="option"]').length === 1`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("the second vp: %v", err)
	}
	if got, want := state("vp again"), `combobox expanded=true box=shown active=vpn-client× 1 [*vpn-client× 1] note= value="vpn vp"`; got != want {
		t.Fatalf("after vpn vp:\n got %s\nwant %s", got, want)
	}
	if err := chromedp.Do(tab, chromedp.SendKeys(field, kb.Tab)); err != nil {
		t.Fatal(err)
	}
	if got, want := state("tab"), `combobox expanded=false box=hidden active= [] note= value="vpn vpn-client "`; got != want {
		t.Fatalf("after Tab:\n got %s\nwant %s", got, want)
	}
	// Tab also moved on: the focus is no longer in the field.
	if focused, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.activeElement.id`)); err != nil || focused == "tags" {
		t.Fatalf("after Tab the focus is on %q (%v), want the next field", focused, err)
	}

	// A made-up word: the list says it will be a new tag; Escape closes it.
	err = chromedp.Do(tab,
		chromedp.SendKeys(field, "vpnx"),
		chromedp.WaitVisible(chromedp.CSS("#tags-suggest .tag-new")),
	)
	if err != nil {
		t.Fatalf("no note for a new tag: %v", err)
	}
	if got, want := state("vpnx"), `combobox expanded=false box=shown active= [] note=“vpnx” will be a new tag: no question has it yet. Check the spelling. value="vpn vpn-client vpnx"`; got != want {
		t.Fatalf("after vpnx:\n got %s\nwant %s", got, want)
	}
	if status, _ := chromedp.Run(tab, chromedp.Text(chromedp.CSS("#tags-status"))); !strings.Contains(status, "“vpnx” will be a new tag") {
		t.Fatalf("the note is not announced: %q", status)
	}
	if err := chromedp.Do(tab, chromedp.SendKeys(field, kb.Escape)); err != nil {
		t.Fatal(err)
	}
	if got, want := state("escape"), `combobox expanded=false box=hidden active= [] note= value="vpn vpn-client vpnx"`; got != want {
		t.Fatalf("after Escape:\n got %s\nwant %s", got, want)
	}

	// A click picks, in place of the word being typed.
	err = chromedp.Do(tab,
		chromedp.SendKeys(field, kb.Backspace+kb.Backspace+kb.Backspace+kb.Backspace+"WIN"),
		chromedp.WaitVisible(options),
		chromedp.Click(options),
		chromedp.WaitNotVisible(chromedp.CSS("#tags-suggest")),
	)
	if err != nil {
		t.Fatalf("clicking a suggestion: %v", err)
	}
	if v, _ := chromedp.Run(tab, chromedp.Value(field)); v != "vpn vpn-client windows " {
		t.Fatalf("after the click: %q", v)
	}

	// The question goes out with the tags picked, and its edit page offers
	// tags the same way, after the ones it has.
	err = chromedp.Do(tab,
		chromedp.SendKeys(chromedp.CSS("#title"), "VPN client stops on Windows after sleep"),
		chromedp.SendKeys(chromedp.CSS("#body"), "After the laptop wakes up the VPN client shows no connection."),
		// Sent as Enter in a field sends it: a click could land where the
		// button was before the similar questions, shown as the title is
		// typed, moved it down.
		chromedp.Submit(chromedp.CSS("#body")),
		chromedp.WaitVisible(chromedp.CSS("#q-title")),
	)
	if err != nil {
		t.Fatalf("asking: %v", err)
	}
	tags, _ := chromedp.Run(tab, chromedp.Evaluate[string](`Array.from(document.querySelectorAll(".question .tags .tag")).map(function (a) { return a.textContent; }).join(" ")`))
	if tags != "vpn vpn-client windows" {
		t.Fatalf("the question's tags: %q", tags)
	}
	err = chromedp.Do(tab,
		chromedp.Click(chromedp.CSS(`.question a[href$="/edit"]`)),
		chromedp.WaitVisible(field),
		chromedp.SendKeys(field, kb.End+" vm"),
		chromedp.WaitVisible(options),
		chromedp.SendKeys(field, kb.Enter),
	)
	if err != nil {
		t.Fatalf("suggestions on the edit page: %v", err)
	}
	if v, _ := chromedp.Run(tab, chromedp.Value(field)); v != "vpn vpn-client windows vmware " {
		t.Fatalf("edit page, after Enter: %q", v)
	}
}

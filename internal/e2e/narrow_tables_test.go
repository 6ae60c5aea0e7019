package e2e

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestPhoneWidthTablesOfWords: on a phone, the hotline's ticket list and
// the audit log wrap their words (a ticket's subject, a question's title),
// in English and German, so a row's heading shows whole instead of running
// off the screen in one line.
func TestPhoneWidthTablesOfWords(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	adaID, tok := env.SignUp(t, "ada")
	bobID, _ := env.SignUp(t, "bob")
	ctx := context.Background()
	if _, err := env.App.Auth.AssignRole(ctx, adaID, store.RoleAdmin, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := env.App.Auth.AssignRole(ctx, bobID, store.RoleModerator, &adaID); err != nil {
		t.Fatal(err)
	}
	tok = env.Token(t, "ada") // one with the role
	res := env.API(t, "POST", "/help-sessions", tok, map[string]any{"query": "docking station gives no picture"})
	path := "/help-sessions/" + strconv.FormatInt(int64(res.Map(t)["id"].(float64)), 10)
	res = env.API(t, "POST", path+"/outcome", tok, map[string]any{"outcome": "ticket", "ticket": map[string]any{
		"subject": "The docking station in meeting room Elbphilharmonie gives no picture on either screen since the update",
		"body":    "Both screens stay black since Monday.", "email": "ada@example.com"}})
	if res.Status != http.StatusOK {
		t.Fatalf("ticket: %d %s", res.Status, res.Body)
	}
	browser := testkit.Browser(t)
	for _, lang := range []string{"en", "de"} {
		tab := testkit.Tab(t, browser, 60*time.Second)
		if err := chromedp.Do(tab, chromedp.EmulateViewport(390, 844), chromedp.Navigate(env.URL+"/login"), chromedp.WaitVisible("#login"),
			chromedp.SendKeys("#login", "ada"), chromedp.SendKeys("#password", "correct horse battery"),
			chromedp.Submit("#password"), chromedp.WaitVisible("a.me")); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.cookie = "lang=`+lang+`; path=/"; true`)); err != nil {
			t.Fatal(err)
		}
		for _, page := range []string{"/tickets", "/admin/audit"} {
			if err := chromedp.Do(tab, chromedp.Navigate(env.URL+page), chromedp.WaitVisible("table.data.words")); err != nil {
				t.Fatal(err)
			}
			// Each row's heading (the ticket's subject, the audit entry's
			// action) shows whole in the first screen; further columns may
			// scroll.
			over, err := chromedp.Run(tab, chromedp.Evaluate[int](`(() => {
				const table = document.querySelector("table.data.words");
				const box = table.closest(".table-scroll").getBoundingClientRect().right;
				let over = 0;
				for (const th of table.querySelectorAll("tbody th[scope=row]")) over = Math.max(over, Math.ceil(th.getBoundingClientRect().right - box));
				return over;
			})()`))
			if err != nil || over > 0 {
				t.Errorf("%s (%s): a row's heading reaches %d px past the screen, cut off (%v)", page, lang, over, err)
			}
		}
	}
}

// TestPhoneWidthPrivileges: on a phone the privileges page wraps each
// privilege's description, so the reputation it needs and how far the
// reader is from it show beside it instead of off the screen, in English
// and German.
func TestPhoneWidthPrivileges(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	env.SignUp(t, "ada")
	browser := testkit.Browser(t)
	for _, lang := range []string{"en", "de"} {
		tab := testkit.Tab(t, browser, 60*time.Second)
		if err := chromedp.Do(tab, chromedp.EmulateViewport(390, 844), chromedp.Navigate(env.URL+"/login"), chromedp.WaitVisible("#login"),
			chromedp.SendKeys("#login", "ada"), chromedp.SendKeys("#password", "correct horse battery"),
			chromedp.Submit("#password"), chromedp.WaitVisible("a.me")); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.cookie = "lang=`+lang+`; path=/"; true`)); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(tab, chromedp.Navigate(env.URL+"/privileges"), chromedp.WaitVisible("#privileges")); err != nil {
			t.Fatal(err)
		}
		// Every cell, the last column too, lies within the screen's box.
		over, err := chromedp.Run(tab, chromedp.Evaluate[int](`(() => {
			const box = document.querySelector("#privileges").closest(".table-scroll").getBoundingClientRect().right;
			let over = 0;
			for (const cell of document.querySelectorAll("#privileges th, #privileges td")) over = Math.max(over, Math.ceil(cell.getBoundingClientRect().right - box));
			return over;
		})()`))
		if err != nil || over > 0 {
			t.Errorf("/privileges (%s): the table reaches %d px past the screen (%v)", lang, over, err)
		}
	}
}

// TestPhoneWidthLongGermanWords: the badges page and a profile's top tags
// hold long German words ("Antwortpunkte", the badges' descriptions) and
// long tag names ("hardware-replacement"); on a phone their tables fit the
// screen instead of pushing the page wider.
func TestPhoneWidthLongGermanWords(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	bobID, bob := env.SignUp(t, "bob")
	q := env.Ask(t, ada, "Laptop battery seems swollen, the touchpad is lifting", "hardware-replacement")
	env.Answer(t, bob, q, "Shut it down, unplug it and open a hardware ticket: the battery can catch fire.")
	browser := testkit.Browser(t)
	for _, lang := range []string{"en", "de"} {
		tab := testkit.Tab(t, browser, 60*time.Second)
		if err := chromedp.Do(tab, chromedp.EmulateViewport(390, 844), chromedp.Navigate(env.URL+"/login"), chromedp.WaitVisible("#login")); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.cookie = "lang=`+lang+`; path=/"; true`)); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/badges", "/users/" + strconv.FormatInt(bobID, 10)} {
			if err := chromedp.Do(tab, chromedp.Navigate(env.URL+path), chromedp.WaitVisible("table")); err != nil {
				t.Fatal(err)
			}
			wide, err := chromedp.Run(tab, chromedp.Evaluate[int]("document.documentElement.scrollWidth - document.documentElement.clientWidth"))
			if err != nil || wide > 0 {
				t.Errorf("%s (%s) is %d px wider than the screen (%v)", path, lang, wide, err)
			}
		}
	}
}

// TestPhoneWidthSettingsTokens: on a phone, the settings page's table of
// API tokens fits the screen in English and German ("Zuletzt verwendet",
// "Widerrufen"), its Revoke buttons within reach, instead of pushing the
// page wider.
func TestPhoneWidthSettingsTokens(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	env.SignUp(t, "ada")
	for _, tok := range []map[string]string{
		{"name": "Druckerstatus-Überwachungsskript", "scope": "read"},
		{"name": "Monatsbericht Ticketauswertung", "scope": "write"},
	} {
		tok["username"], tok["password"] = "ada", "correct horse battery"
		if res := env.API(t, "POST", "/tokens", "", tok); res.Status != http.StatusCreated {
			t.Fatalf("token: %d %s", res.Status, res.Body)
		}
	}
	browser := testkit.Browser(t)
	for _, lang := range []string{"en", "de"} {
		tab := testkit.Tab(t, browser, 60*time.Second)
		if err := chromedp.Do(tab, chromedp.EmulateViewport(390, 844), chromedp.Navigate(env.URL+"/login"), chromedp.WaitVisible("#login"),
			chromedp.SendKeys("#login", "ada"), chromedp.SendKeys("#password", "correct horse battery"),
			chromedp.Submit("#password"), chromedp.WaitVisible("a.me")); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.cookie = "lang=`+lang+`; path=/"; true`)); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(tab, chromedp.Navigate(env.URL+"/settings"), chromedp.WaitVisible("table.tokens")); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(tab, chromedp.Evaluate[[]int](`(() => {
			const screen = document.documentElement.clientWidth;
			let over = 0, rows = 0;
			for (const b of document.querySelectorAll("table.tokens button")) { rows++; over = Math.max(over, Math.ceil(b.getBoundingClientRect().right - screen)); }
			return [document.documentElement.scrollWidth - screen, over, rows];
		})()`))
		if err != nil || len(got) != 3 || got[0] > 0 || got[1] > 0 || got[2] != 3 {
			t.Errorf("/settings (%s): page %d px wider than the screen, a Revoke button %d px past it, %d tokens (want 3) (%v)", lang, got[0], got[1], got[2], err)
		}
	}
}

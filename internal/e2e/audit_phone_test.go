package e2e

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestAuditLogReadsOnAPhone: on a phone the audit log shows each entry as a
// card, its action first, and its words (a question's title, a deleted
// comment's text, a moderator's note) wrap between words: none breaks in
// the middle but a token longer than the screen is wide (a long address),
// which wraps too rather than widen the page, in English and German. On a
// laptop it stays a table. STACKDESK_SCREENSHOTS=DIR keeps a screenshot of
// each.
func TestAuditLogReadsOnAPhone(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	ctx := context.Background()
	adaID, _ := env.SignUp(t, "ada")
	bobID, bob := env.SignUp(t, "bob")
	_, cy := env.SignUp(t, "cyra")
	if _, err := env.App.Auth.AssignRole(ctx, adaID, store.RoleAdmin, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := env.App.Auth.AssignRole(ctx, bobID, store.RoleModerator, &adaID); err != nil {
		t.Fatal(err)
	}
	bob = env.Token(t, "bob") // one with the role
	q := env.Ask(t, cy, "The docking station in meeting room Elbphilharmonie gives no picture on either screen since the update", "docking")
	qs := strconv.FormatInt(q, 10)
	api := func(method, path, token string, body any, status int) map[string]any {
		t.Helper()
		res := env.API(t, method, path, token, body)
		if res.Status != status {
			t.Fatalf("%s %s: %d %s", method, path, res.Status, res.Body)
		}
		if status == http.StatusNoContent {
			return nil
		}
		return res.Map(t)
	}
	c := api("POST", "/posts/"+qs+"/comments", cy, map[string]string{"body": "Has anybody tried the other docking station firmware from the intranet page yet?"}, http.StatusCreated)
	api("DELETE", "/comments/"+strconv.FormatInt(int64(c["id"].(float64)), 10), bob, nil, http.StatusNoContent)
	api("POST", "/posts/"+qs+"/flags", bob, map[string]string{"reason": "spam"}, http.StatusCreated)
	_, dan := env.SignUp(t, "dan")
	api("POST", "/posts/"+qs+"/flags", dan, map[string]string{"reason": "spam"}, http.StatusCreated)
	api("POST", "/flags/resolve", bob, map[string]any{"post_id": q, "outcome": "declined",
		"note": "Not spam: see https://wiki.example.com/display/IT/Docking+Stations+Elbphilharmonie+Firmware+Update+Notes"}, http.StatusOK)
	api("POST", "/questions/"+qs+"/close", bob, map[string]string{"reason": "off-topic"}, http.StatusOK)

	browser := testkit.Browser(t)
	for _, lang := range []string{"en", "de"} {
		tab := testkit.Tab(t, browser, 60*time.Second)
		if err := chromedp.Do(tab, chromedp.Navigate(env.URL+"/login"), chromedp.WaitVisible("#login"),
			chromedp.SendKeys("#login", "ada"), chromedp.SendKeys("#password", "correct horse battery"),
			chromedp.Submit("#password"), chromedp.WaitVisible("a.me")); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.cookie = "lang=`+lang+`; path=/"; true`)); err != nil {
			t.Fatal(err)
		}
		for _, width := range []int64{390, 1280} {
			if err := chromedp.Do(tab, chromedp.EmulateViewport(width, 844), chromedp.Navigate(env.URL+"/admin/audit"),
				chromedp.WaitVisible("#audit")); err != nil {
				t.Fatal(err)
			}
			got, err := chromedp.Run(tab, chromedp.Evaluate[auditLayout](`(() => {
				const table = document.querySelector("#audit");
				const out = {Rows: 0, Broken: [], Long: 0, Cards: 0,
					Wider: document.documentElement.scrollWidth - document.documentElement.clientWidth,
					Inside: table.scrollWidth - table.closest(".table-scroll").clientWidth};
				const words = /[^\s-]+/g; // a break at a hyphen is no break in a word
				for (const row of document.querySelectorAll("#audit tbody tr")) {
					out.Rows++;
					if (getComputedStyle(row).display !== "table-row") out.Cards++;
					const walk = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
					for (let node = walk.nextNode(); node; node = walk.nextNode()) {
						const cell = node.parentElement.closest("td, th");
						if (!cell) continue; // the white space between cells
						const width = cell.getBoundingClientRect().width;
						for (const m of node.data.matchAll(words)) {
							const r = document.createRange();
							r.setStart(node, m.index);
							r.setEnd(node, m.index + m[0].length);
							const rects = r.getClientRects();
							let w = 0;
							for (const rect of rects) w += rect.width;
							if (w > width) { out.Long++; continue; } // longer than its cell is wide: it must wrap
							if (rects.length > 1) out.Broken.push(m[0]);
						}
					}
				}
				return out;
			})()`))
			if err != nil {
				t.Fatal(err)
			}
			where := fmt.Sprintf("%d px (%s)", width, lang)
			// Five entries of moderation and role, and the five API tokens made.
			if got.Rows != 10 {
				t.Fatalf("%s: %d entries, want 10", where, got.Rows)
			}
			if len(got.Broken) > 0 {
				t.Errorf("%s: words break in the middle: %q", where, got.Broken)
			}
			if got.Wider > 0 || got.Inside > 0 {
				t.Errorf("%s: the page is %d px wider than the screen, the log %d px wider than its box", where, got.Wider, got.Inside)
			}
			if phone := width == 390; phone != (got.Cards == got.Rows) || (!phone && got.Cards != 0) {
				t.Errorf("%s: %d of %d entries are cards", where, got.Cards, got.Rows)
			}
			if width == 390 && got.Long == 0 {
				t.Errorf("%s: the long address fits a line; the test checks nothing of long tokens", where)
			}
			if dir := os.Getenv("STACKDESK_SCREENSHOTS"); dir != "" {
				png, err := chromedp.Run(tab, chromedp.FullScreenshot(100))
				if err == nil {
					err = os.WriteFile(filepath.Join(dir, fmt.Sprintf("audit-%s-%d.png", lang, width)), png, 0o644)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// auditLayout is what TestAuditLogReadsOnAPhone measures of the audit log.
type auditLayout struct {
	Rows, Long, Cards, Wider, Inside int
	Broken                           []string
}

package e2e

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestTablesInPostsKeepWordsWhole: a table in a post breaks no word, IP
// address or version number in the middle, on a desktop (1280 px) and on a
// phone (390 px); one wider than the post scrolls sideways in its own box,
// and the page itself never does.
func TestTablesInPostsKeepWordsWhole(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, tok := env.SignUp(t, "ada")
	printers := "Our printers on floor 3, none prints:\n\n" +
		"| Name | Hostname | IP address | Floor | Model | Driver version | Queue | Status |\n" +
		"|---|---|---|---|---|---|---|---|\n"
	for i := range 4 {
		printers += fmt.Sprintf("| HP-3OG-%d | prn-ham-3og-%02d.corp.example.com | 10.20.30.10%d | 3 | HP LaserJet Enterprise M609dn | 7.1.0.25570 | \\\\printsrv01\\HP-3OG-%d | offline |\n", i, i, i, i)
	}
	head, rule, row := "|", "|", "|"
	for i := range 30 {
		head += fmt.Sprintf(" col%d |", i)
		rule += "---|"
		row += fmt.Sprintf(" value%d |", i)
	}
	wide := "Thirty columns of the export:\n\n" + head + "\n" + rule + "\n" + row + "\n"
	var ids []string
	for _, body := range []string{printers, wide} {
		res := env.API(t, "POST", "/questions", tok, map[string]any{"title": "Printers on floor 3 do not print", "body": body, "tags": []string{"printer"}})
		if res.Status != http.StatusCreated {
			t.Fatalf("ask: %d %s", res.Status, res.Body)
		}
		ids = append(ids, strconv.FormatInt(int64(res.Map(t)["id"].(float64)), 10))
	}
	browser := testkit.Browser(t)
	for _, width := range []int64{1280, 390} {
		tab := testkit.Tab(t, browser, 60*time.Second)
		for i, id := range ids {
			if err := chromedp.Do(tab, chromedp.EmulateViewport(width, 900), chromedp.Navigate(env.URL+"/questions/"+id), chromedp.WaitVisible(".body table")); err != nil {
				t.Fatal(err)
			}
			// A word broken over lines has more than one box.
			broken, err := chromedp.Run(tab, chromedp.Evaluate[string](`(() => {
				const out = [];
				for (const cell of document.querySelectorAll(".body th, .body td")) {
					const text = cell.firstChild;
					if (!text || text.nodeType !== Node.TEXT_NODE) continue;
					const re = /\S+/g;
					let m;
					while ((m = re.exec(text.data))) {
						const r = document.createRange();
						r.setStart(text, m.index);
						r.setEnd(text, m.index + m[0].length);
						if (r.getClientRects().length > 1) out.push(m[0]);
					}
				}
				return out.join(" ");
			})()`))
			if err != nil || broken != "" {
				t.Errorf("question %d at %d px: words broken over lines: %q (%v)", i, width, broken, err)
			}
			sideways, err := chromedp.Run(tab, chromedp.Evaluate[int]("document.documentElement.scrollWidth - document.documentElement.clientWidth"))
			if err != nil || sideways > 0 {
				t.Errorf("question %d at %d px: the page is %d px wider than the screen (%v)", i, width, sideways, err)
			}
			// The table stays within the post, scrolling when it needs to.
			fit, err := chromedp.Run(tab, chromedp.Evaluate[string](`(() => {
				const table = document.querySelector(".body table"), body = table.closest(".body");
				const tr = table.getBoundingClientRect(), br = body.getBoundingClientRect();
				const scrolls = table.scrollWidth > table.clientWidth;
				const scrollable = getComputedStyle(table).overflowX === "auto";
				return [tr.right <= br.right + 0.5, scrolls, scrollable].join(" ");
			})()`))
			if err != nil || !strings.HasPrefix(fit, "true ") || fit == "true true false" {
				t.Errorf("question %d at %d px: within the post, wider than its box, scrollable = %q (%v)", i, width, fit, err)
			}
			// Thirty columns, or eight on a phone, are wider than the post: they scroll.
			if (i == 1 || width == 390) && fit != "true true true" {
				t.Errorf("question %d at %d px does not scroll in its box: %q", i, width, fit)
			}
		}
	}
}

package e2e

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// headerRows measures the page's header: its height, how many rows its
// parts (brand, menu, search, account links) take, and whether any of them
// reaches past the screen.
type header struct {
	Height, Rows int
	Over         string
	Split        bool // the account menu's arrow on another row than the name it belongs to
}

const headerRows = `(() => {
	const top = document.querySelector("header.top").getBoundingClientRect();
	const tops = new Set();
	let over = "";
	for (const el of document.querySelectorAll(".top-row > *, .main-nav > a, .account > *")) {
		const r = el.getBoundingClientRect();
		if (r.width === 0) continue;
		if (el.matches(".top-row > *")) tops.add(Math.round(r.top + r.height / 2) >> 3);
		if (r.right > document.documentElement.clientWidth) over = el.textContent.trim().slice(0, 30);
	}
	const me = document.querySelector("a.me"), arrow = document.querySelector(".account-menu summary");
	let split = false;
	if (me && arrow) {
		const a = me.getBoundingClientRect(), b = arrow.getBoundingClientRect();
		split = Math.abs((a.top + a.height / 2) - (b.top + b.height / 2)) > 8;
	}
	return {height: Math.round(top.height), rows: tops.size, over: over, split: split};
})()`

// TestHeaderIsOneRowOnALaptop: at 1280 px, in English and in German, the
// header of a member with a long name, a four-digit reputation, unread
// notifications and suggested edits to review, and of an administrator
// with every staff link and waiting flags, is one row; on a phone the
// member's German header stays compact (search box, menu, account in a
// few short rows, not a quarter of the screen).
func TestHeaderIsOneRowOnALaptop(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	ctx := context.Background()
	annaID, anna := env.SignUp(t, "anna")
	adaID, _ := env.SignUp(t, "ada")
	_, bob := env.SignUp(t, "bob")
	if _, err := env.App.Auth.AssignRole(ctx, adaID, store.RoleAdmin, nil); err != nil {
		t.Fatal(err)
	}
	for id, name := range map[int64]string{annaID: "Annegret Schmidt-Hoffmann", adaID: "Adelheid Lovelace-Byron"} {
		if err := env.App.Store.DB.Model(&store.User{}).Where("id = ?", id).Updates(map[string]any{"display_name": name, "reputation": 1234}).Error; err != nil {
			t.Fatal(err)
		}
	}
	q := env.Ask(t, anna, "Printer on floor 3 prints blank pages", "printer")
	a := env.Answer(t, bob, q, "Swap the toner cartridge: an empty one prints blank pages without a warning.")
	body := "The printer on floor 3 prints blank pages since Monday, on every tray."
	if res := env.API(t, "POST", "/posts/"+strconv.FormatInt(q, 10)+"/suggested-edits", bob, map[string]any{"body": body}); res.Status != http.StatusCreated {
		t.Fatalf("suggested edit: %d %s", res.Status, res.Body)
	}
	if res := env.API(t, "POST", "/posts/"+strconv.FormatInt(a, 10)+"/flags", anna, map[string]any{"reason": "spam"}); res.Status != http.StatusCreated {
		t.Fatalf("flag: %d %s", res.Status, res.Body)
	}
	// An administrator with a short name and little reputation, and more
	// flags waiting: the account links fill the row differently.
	rootID, _ := env.SignUp(t, "root")
	if _, err := env.App.Auth.AssignRole(ctx, rootID, store.RoleAdmin, nil); err != nil {
		t.Fatal(err)
	}
	if err := env.App.Store.DB.Model(&store.User{}).Where("id = ?", rootID).Update("display_name", "admin1").Error; err != nil {
		t.Fatal(err)
	}
	_, cyd := env.SignUp(t, "cyd")
	for i := range 10 {
		flagger := anna
		if i%2 == 1 {
			flagger = cyd
		}
		a := env.Answer(t, bob, q, "Another answer to flag, number "+strconv.Itoa(i)+", long enough to be one.")
		if res := env.API(t, "POST", "/posts/"+strconv.FormatInt(a, 10)+"/flags", flagger, map[string]any{"reason": "spam"}); res.Status != http.StatusCreated {
			t.Fatalf("flag: %d %s", res.Status, res.Body)
		}
	}
	browser := testkit.Browser(t)
	type view struct {
		login, lang string
		width       int64
	}
	for _, v := range []view{{"anna", "de", 1280}, {"ada", "de", 1280}, {"anna", "en", 1280}, {"ada", "en", 1280}, {"anna", "de", 390}, {"ada", "de", 390}, {"root", "de", 390}, {"root", "en", 360}} {
		tab := testkit.Tab(t, browser, 60*time.Second)
		if err := chromedp.Do(tab, chromedp.EmulateViewport(v.width, 900), chromedp.Navigate(env.URL+"/login"), chromedp.WaitVisible("#login"),
			chromedp.SendKeys("#login", v.login), chromedp.SendKeys("#password", "correct horse battery"),
			chromedp.Submit("#password"), chromedp.WaitVisible("a.me")); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.cookie = "lang=`+v.lang+`; path=/"; true`)); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/inbox", "/questions/" + strconv.FormatInt(q, 10)} {
			if err := chromedp.Do(tab, chromedp.Navigate(env.URL+path), chromedp.WaitVisible("main")); err != nil {
				t.Fatal(err)
			}
			got, err := chromedp.Run(tab, chromedp.Evaluate[header](headerRows))
			if err != nil {
				t.Fatal(err)
			}
			where := fmt.Sprintf("%s (%s, %d px) on %s", v.login, v.lang, v.width, path)
			if got.Over != "" {
				t.Errorf("%s: %q reaches past the screen", where, got.Over)
			}
			if got.Split {
				t.Errorf("%s: the account menu's arrow sits on a row of its own, away from the name", where)
			}
			if v.width == 1280 && (got.Rows != 1 || got.Height > 64) {
				t.Errorf("%s: the header takes %d rows, %d px high; want one row", where, got.Rows, got.Height)
			}
			if v.width == 390 && got.Height > 175 {
				t.Errorf("%s: the header is %d px high; want at most 175", where, got.Height)
			}
			if dir := os.Getenv("STACKDESK_SCREENSHOTS"); dir != "" {
				png, err := chromedp.Run(tab, chromedp.CaptureScreenshot())
				if err == nil {
					err = os.WriteFile(filepath.Join(dir, fmt.Sprintf("header-%s-%s-%d%s.png", v.login, v.lang, v.width, strings.ReplaceAll(path, "/", "-"))), png, 0o644)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
		}
		// The menus open on a click, their links inside the screen, and close again with Escape.
		menus := []string{".account-menu"}
		if v.login == "ada" || v.login == "root" {
			menus = append(menus, ".staff-menu")
		}
		for _, menu := range menus {
			err := chromedp.Do(tab, chromedp.Click(menu+" summary"), chromedp.WaitVisible(menu+" .menu-panel a"))
			if err != nil {
				t.Fatalf("%s (%s, %d px): open %s: %v", v.login, v.lang, v.width, menu, err)
			}
			out, err := chromedp.Run(tab, chromedp.Evaluate[int](`(() => {
				const r = document.querySelector("`+menu+` .menu-panel").getBoundingClientRect();
				return Math.max(0, Math.ceil(r.right - document.documentElement.clientWidth), Math.ceil(-r.left));
			})()`))
			if err != nil || out > 0 {
				t.Errorf("%s (%s, %d px): the %s reaches %d px past the screen (%v)", v.login, v.lang, v.width, menu, out, err)
			}
			if err := chromedp.Do(tab, chromedp.SendKeys(menu+" .menu-panel a", kb.Escape)); err != nil {
				t.Fatal(err)
			}
			if open, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.querySelector("`+menu+`").open`)); err != nil || open {
				t.Errorf("%s: Escape leaves %s open (%v)", v.login, menu, err)
			}
		}
	}
}

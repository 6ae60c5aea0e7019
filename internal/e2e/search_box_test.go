package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// TestHeaderSearchPlaceholderFitsAPhone: on a phone's width and a small
// laptop's, in English and in German, logged out and in (an administrator
// has the fullest header), the header's search box shows its whole
// placeholder, not a cut-off one.
// With STACKDESK_SCREENSHOTS set to a folder, each view is saved there.
func TestHeaderSearchPlaceholderFitsAPhone(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	adaID, _ := env.SignUp(t, "ada")
	if _, err := env.App.Auth.AssignRole(context.Background(), adaID, store.RoleAdmin, nil); err != nil {
		t.Fatal(err)
	}
	browser := testkit.Browser(t)
	for _, view := range []struct {
		lang  string
		width int64
	}{{"en", 390}, {"de", 390}, {"en", 800}, {"de", 800}} {
		lang := view.lang
		for _, logIn := range []bool{false, true} {
			tab := testkit.Tab(t, browser, 60*time.Second)
			steps := []chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(view.width, 844),
				chromedp.Navigate(env.URL + "/login"), chromedp.WaitVisible("#login")}
			if logIn {
				steps = append(steps, chromedp.SendKeys("#login", "ada"), chromedp.SendKeys("#password", "correct horse battery"),
					chromedp.Submit("#password"), chromedp.WaitVisible("a.me"))
			}
			steps = append(steps, chromedp.Evaluate[chromedp.Void](`document.cookie = "lang=`+lang+`; path=/"`),
				chromedp.Navigate(env.URL+"/"), chromedp.WaitVisible("#top-q"))
			if err := chromedp.Do(tab, steps...); err != nil {
				t.Fatal(err)
			}
			// The placeholder's width in the box's own font against the room inside the box.
			cut, err := chromedp.Run(tab, chromedp.Evaluate[string](`(() => {
				const box = document.getElementById("top-q"), s = getComputedStyle(box);
				const ctx = document.createElement("canvas").getContext("2d");
				ctx.font = s.font;
				const text = ctx.measureText(box.placeholder).width;
				const room = box.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
				return text > room ? "“" + box.placeholder + "” is " + Math.ceil(text) + " px in a box of " + Math.floor(room) + " px" : "";
			})()`))
			if err != nil || cut != "" {
				t.Errorf("%s at %d px, logged in %v: the placeholder is cut off: %s (%v)", lang, view.width, logIn, cut, err)
			}
			if dir := os.Getenv("STACKDESK_SCREENSHOTS"); dir != "" {
				png, err := chromedp.Run(tab, chromedp.CaptureScreenshot())
				if err != nil {
					t.Fatal(err)
				}
				name := lang + "-" + strconv.FormatInt(view.width, 10) + map[bool]string{false: "-visitor", true: "-admin"}[logIn] + ".png"
				if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

package e2e

import (
	"bytes"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"stackdesk/internal/config"
	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// imageHost is a local server standing for another site: it serves a
// small picture at any address and counts the requests it gets.
func imageHost(t *testing.T) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var pic bytes.Buffer
	png.Encode(&pic, image.NewGray(image.Rect(0, 0, 12, 8)))
	var n atomic.Int64
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Content-Type", "image/png")
		w.Write(pic.Bytes())
	}))
	t.Cleanup(s.Close)
	return s, &n
}

// TestOtherSitesImagesDoNotLoad: a reader opening a question whose body
// holds an image from a site not in STACKDESK_IMAGE_HOSTS (a read-tracking
// pixel) sends that site nothing: the page shows a link to the image, and
// an image of it put into the page anyway (a path the rule missed) is
// blocked by the page's content security policy. An image from the listed
// host is loaded, so the browser would have asked.
func TestOtherSitesImagesDoNotLoad(t *testing.T) {
	tracker, tracked := imageHost(t)
	wiki, served := imageHost(t)
	env := testkit.Boot(t, store.SQLite, func(c *config.Config) {
		c.ImageHosts = []config.ImageHost{{Host: strings.TrimPrefix(wiki.URL, "http://"), HTTP: true}}
	})
	_, ada := env.SignUp(t, "ada")
	res := env.API(t, "POST", "/questions", ada, map[string]any{"title": "The VPN client stops at the second step",
		"body": "It stops here: ![the wiki's diagram](" + wiki.URL + "/diagram.png)\n\nand shows ![](" + tracker.URL + "/pixel.png?q=1)\n",
		"tags": []string{"vpn"}})
	if res.Status != http.StatusCreated {
		t.Fatalf("ask: %d %s", res.Status, res.Body)
	}
	id := strconv.FormatInt(int64(res.Map(t)["id"].(float64)), 10)

	tab := testkit.Tab(t, testkit.Browser(t), 60*time.Second)
	if err := chromedp.Do(tab, chromedp.Navigate(env.URL+"/questions/"+id), chromedp.WaitVisible("#q-title")); err != nil {
		t.Fatalf("opening the question: %v", err)
	}
	// The listed host's image has loaded.
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](`(() => { const im = [...document.querySelectorAll(".body img")];
		return im.length == 1 && im[0].complete && im[0].naturalWidth == 12; })()`, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("the listed host's image did not load: %v", err)
	}
	link, err := chromedp.Run(tab, chromedp.Evaluate[string](`(() => { const a = document.querySelector(".body a.image-link"); return a ? a.href + " " + a.textContent : ""; })()`))
	if err != nil {
		t.Fatal(err)
	}
	if link != tracker.URL+"/pixel.png?q=1 127.0.0.1 image" {
		t.Errorf("the other site's image is shown as %q, want a link to it", link)
	}
	// An image of the other site put into the page: the browser refuses it.
	outcome, err := chromedp.Run(tab, chromedp.Evaluate[string](`new Promise(done => { const im = new Image();
		im.onload = () => done("loaded"); im.onerror = () => done("blocked");
		im.src = "`+tracker.URL+`/injected.png"; document.body.appendChild(im); })`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if outcome != "blocked" {
		t.Errorf("an image from an unlisted site put into the page was %s", outcome)
	}
	if n := tracked.Load(); n != 0 {
		t.Errorf("the unlisted site got %d requests", n)
	}
	if served.Load() == 0 {
		t.Error("the listed site got no request")
	}
}

package markdown

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// payload is one corpus line, where it came from, and whether it is
// rendered as a comment rather than as a post.
type payload struct {
	where   string
	src     string
	comment bool
}

// pageCheck is what the in-page script reports after load.
type pageCheck struct {
	Bad    []string `json:"bad"`
	Cases  int      `json:"cases"`
	Canary bool     `json:"canary"`
	Href   string   `json:"href"`
}

// checkScript lists every on* attribute, script-like URL and escaped case
// container in the page, and whether our own canary script ran.
const checkScript = `(() => {
  const bad = [];
  const where = el => { const c = el.closest('[data-case]'); return c ? 'case ' + c.dataset.case : 'outside cases'; };
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const name = a.name.toLowerCase();
      const v = a.value.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '').toLowerCase();
      if (name.startsWith('on')) bad.push(where(el) + ': <' + el.localName + '> has ' + name);
      if (/^(javascript|vbscript|data):/.test(v)) bad.push(where(el) + ': <' + el.localName + '> ' + name + '=' + a.value);
    }
  }
  for (const a of document.querySelectorAll('a[href], area[href]')) {
    if (a.protocol === 'javascript:' || a.protocol === 'vbscript:' || a.protocol === 'data:') bad.push(where(a) + ': link to ' + a.protocol);
  }
  for (const el of document.querySelectorAll('#cases :is(script, iframe, object, embed, style, form, frame, meta, base, link)')) {
    bad.push(where(el) + ': <' + el.localName + '> element');
  }
  if (document.scripts.length !== 1) bad.push(document.scripts.length + ' scripts in the page, want only the canary');
  return {
    bad: bad,
    cases: document.querySelectorAll('#cases > div[data-case]').length,
    canary: window.stackdeskCanary === 1,
    href: location.href,
  };
})()`

// TestBrowserXSS renders every bad-input payload into one page, as a post
// and as a comment, opens it in headless Chromium over real HTTP and checks
// that no script ran: no dialog opened, no event handler or script URL
// survived in the DOM, and every payload stayed inside its own container.
func TestBrowserXSS(t *testing.T) {
	var payloads []payload
	for _, c := range loadCorpora(t) {
		for i, l := range c.lines {
			where := fmt.Sprintf("%s:%d", c.name, i+1)
			payloads = append(payloads, payload{where: where, src: l}, payload{where: where + " (comment)", src: l, comment: true})
		}
	}
	ctx := startBrowser(t, 3*time.Minute)
	seen := watchDialogs(t, ctx)
	srv := httptest.NewServer(xssPage(payloads))
	defer srv.Close()

	t.Run("control dialog is detected", func(t *testing.T) {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/control")); err != nil {
			t.Fatalf("navigate: %v", err)
		}
		if got := seen.take(); len(got) != 1 || got[0] != "stackdesk-control" {
			t.Fatalf("dialogs = %q, want the control alert: the dialog listener is broken", got)
		}
		res, err := chromedp.Run(ctx, chromedp.Evaluate[pageCheck](checkScript))
		if err != nil {
			t.Fatalf("evaluate: %v", err)
		}
		if len(res.Bad) < 3 {
			t.Fatalf("check script found %q on the control page, want the onclick, the javascript: link and the extra script", res.Bad)
		}
	})

	t.Run("rendered payloads", func(t *testing.T) {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
			t.Fatalf("navigate: %v", err)
		}
		res, err := chromedp.Run(ctx, chromedp.Evaluate[pageCheck](checkScript))
		for _, msg := range seen.take() {
			t.Errorf("dialog %q opened; payloads that may have fired it: %s", msg, suspects(payloads, msg))
		}
		if err != nil {
			t.Fatalf("evaluate (did a payload navigate away?): %v", err)
		}
		for _, b := range res.Bad {
			t.Errorf("%s%s", b, describeCase(payloads, b))
		}
		if !res.Canary {
			t.Error("the page's own script did not run: JavaScript is off, so the test proves nothing")
		}
		if res.Cases != len(payloads) {
			t.Errorf("%d of %d case containers are direct children of #cases: a payload escaped its container", res.Cases, len(payloads))
		}
		if res.Href != srv.URL+"/" {
			t.Errorf("page navigated away to %s", res.Href)
		}
	})
}

// xssPage serves "/" with every payload rendered in its own container, and
// "/control" with a live alert that proves dialogs are detected.
func xssPage(payloads []payload) http.Handler {
	var b strings.Builder
	b.WriteString("<!doctype html><html><head><meta charset=\"utf-8\"><title>xss</title></head><body>\n")
	b.WriteString("<script id=\"canary\">window.stackdeskCanary = 1</script>\n<div id=\"cases\">\n")
	for i, p := range payloads {
		render := Render
		if p.comment {
			render = RenderComment
		}
		fmt.Fprintf(&b, "<div data-case=\"%d\">%s</div>\n", i, render(p.src))
	}
	b.WriteString("</div></body></html>\n")
	body := b.String()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(body))
	})
	mux.HandleFunc("GET /control", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(`<!doctype html><title>control</title>` +
			`<div id="cases"><div data-case="0"><a href="javascript:void(0)" onclick="void(0)">x</a></div></div>` +
			`<script>alert("stackdesk-control")</script>`))
	})
	return mux
}

// suspects names the payloads whose text contains a dialog's message, which
// for xss-dev.txt is usually the payload's own number.
func suspects(payloads []payload, msg string) string {
	if msg == "" {
		return "(empty message)"
	}
	var out []string
	for _, p := range payloads {
		if strings.Contains(p.src, "("+msg+")") || strings.Contains(p.src, "`"+msg+"`") || strings.Contains(p.src, "'"+msg+"'") {
			out = append(out, fmt.Sprintf("%s %q", p.where, p.src))
		}
	}
	if len(out) == 0 {
		return "(none matched)"
	}
	return strings.Join(out, "; ")
}

// describeCase appends the payload named by a "case N" finding.
func describeCase(payloads []payload, finding string) string {
	rest, ok := strings.CutPrefix(finding, "case ")
	if !ok {
		return ""
	}
	n, err := strconv.Atoi(rest[:strings.IndexByte(rest+":", ':')])
	if err != nil || n < 0 || n >= len(payloads) {
		return ""
	}
	return fmt.Sprintf(" (payload %s %q)", payloads[n].where, payloads[n].src)
}

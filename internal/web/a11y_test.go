package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"stackdesk/internal/store"
	"stackdesk/internal/testkit"
)

// a11yPage is one page as a reader gets it: its address, who reads it, the
// parsed document.
type a11yPage struct {
	what string
	doc  *html.Node
}

// a11yCheck finds what a page's markup says wrongly to assistive technology;
// each problem is one line.
type a11yCheck func(p a11yPage) []string

// hasAttr is n's attribute key, and whether it has one.
func hasAttr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// eachElement calls fn on every element under n.
func eachElement(n *html.Node, fn func(*html.Node)) {
	if n.Type == html.ElementNode {
		fn(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		eachElement(c, fn)
	}
}

// startTag is the start tag of n, for messages.
func startTag(n *html.Node) string {
	var b bytes.Buffer
	c := *n
	c.FirstChild, c.LastChild, c.Parent, c.PrevSibling, c.NextSibling = nil, nil, nil, nil, nil
	_ = html.Render(&b, &c)
	return b.String()
}

// a11yChecks are the rules every page's markup keeps.
var a11yChecks = map[string]a11yCheck{
	// aria-pressed says a button is toggled on; on anything else (a mark
	// drawn as an image, say) screen readers announce nonsense or nothing.
	"aria-pressed only on buttons": func(p a11yPage) (bad []string) {
		eachElement(p.doc, func(n *html.Node) {
			if _, ok := hasAttr(n, "aria-pressed"); ok && n.Data != "button" {
				bad = append(bad, startTag(n))
			}
		})
		return bad
	},
	// A table that scrolls sideways on a phone scrolls by keyboard too: its
	// box takes the focus and says what it holds (WCAG 2.1.1).
	"scrolling tables take the focus": func(p a11yPage) (bad []string) {
		eachElement(p.doc, func(n *html.Node) {
			if !slices.Contains(strings.Fields(attr(n, "class")), "table-scroll") {
				return
			}
			if attr(n, "tabindex") != "0" || attr(n, "role") != "region" || attr(n, "aria-label")+attr(n, "aria-labelledby") == "" {
				bad = append(bad, startTag(n))
			}
		})
		return bad
	},
	// A name given by aria-label to a plain span, div or paragraph (no
	// role) is ARIA-prohibited: screen readers drop it and read the bare
	// content ("3" rather than "Score 3").
	"aria-label only where a role takes it": func(p a11yPage) (bad []string) {
		eachElement(p.doc, func(n *html.Node) {
			if _, named := hasAttr(n, "aria-label"); named && attr(n, "role") == "" && (n.Data == "span" || n.Data == "div" || n.Data == "p") {
				bad = append(bad, startTag(n))
			}
		})
		return bad
	},
	// Screen-reader users jump between landmarks by kind and name: two
	// search forms (the header's and the page's own), two navigation menus
	// or two regions of the same kind need names that tell them apart.
	"landmarks named apart": func(p a11yPage) (bad []string) {
		seen := map[string]int{}
		eachElement(p.doc, func(n *html.Node) {
			name := attr(n, "aria-label")
			if id := attr(n, "aria-labelledby"); id != "" {
				name = "#" + id
			}
			role := attr(n, "role")
			switch {
			case role == "search" || role == "navigation" || role == "region":
			case n.Data == "search" || n.Data == "nav":
				role = n.Data
			case n.Data == "section" && name != "":
				role = "region"
			default:
				return
			}
			if role == "nav" {
				role = "navigation"
			}
			if seen[role+" "+name]++; seen[role+" "+name] == 2 {
				bad = append(bad, "two "+role+" landmarks named "+strconv.Quote(name)+": "+startTag(n))
			}
		})
		return bad
	},
}

// TestPagesMarkupForAssistiveTechnology reads the main pages as a visitor,
// a member and staff, in English and German, and holds each to the rules
// of a11yChecks.
func TestPagesMarkupForAssistiveTechnology(t *testing.T) {
	env := testkit.Boot(t, store.SQLite)
	_, ada := env.SignUp(t, "ada")
	bobID, bob := env.SignUp(t, "bob")
	q := env.Ask(t, ada, "Printer on floor 3 prints blank pages", "printer")
	a := env.Answer(t, bob, q, "Reinstall the driver from the [portal](https://portal.example.com).")
	if res := env.API(t, "POST", "/answers/"+itoa(a)+"/accept", ada, nil); res.Status != http.StatusOK {
		t.Fatalf("accept: %d %s", res.Status, res.Body)
	}
	env.Ask(t, bob, "Printer on floor 2 prints blank pages too", "printer") // the first one's related question
	if _, err := env.App.Auth.AssignRole(context.Background(), bobID, store.RoleAdmin, nil); err != nil {
		t.Fatal(err)
	}
	env.Searchable(t)
	anon, admin := newBrowser(env), newBrowser(env)
	admin.logIn(t, "bob")
	// A help request nothing answers: the dashboard lists it as a content gap.
	if res := anon.post(t, "/help", "/help", url.Values{"query": {"badge reader at the garage gate"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("help: %d %s", res.Status, res.Body)
	}
	paths := []string{"/", "/questions/" + itoa(q), "/search?q=printer", "/search?q=nothingmatches", "/tags", "/tags/printer",
		"/users", "/experts", "/help", "/privileges", "/login", "/signup", "/no/such/page"}
	staff := []string{"/tickets", "/admin/flags", "/review", "/admin/audit", "/admin/settings", "/analytics", "/analytics/sessions", "/analytics/sessions?outcome=won", "/settings", "/inbox", "/questions/ask"}
	for _, lang := range []string{"en", "de"} {
		for who, b := range map[string]*browser{"a visitor": anon, "an administrator": admin} {
			list := paths
			if b == admin {
				list = append(append([]string{}, paths...), staff...)
			}
			for _, path := range list {
				res := b.get(t, path, "Accept-Language", lang)
				doc, err := html.Parse(bytes.NewReader(res.Body))
				if err != nil {
					t.Fatal(err)
				}
				p := a11yPage{what: path + " (" + lang + ", " + who + ")", doc: doc}
				for name, check := range a11yChecks {
					for _, bad := range check(p) {
						t.Errorf("%s: %s: %s", p.what, name, bad)
					}
				}
			}
		}
	}
}

package static

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// rule is one block of the stylesheet: its selectors and declarations.
type rule struct {
	selectors []string
	decls     map[string]string
}

// sheet reads style.css into its rules (media queries' rules included) and
// the custom properties of :root.
func sheet(t *testing.T) ([]rule, map[string]string) {
	t.Helper()
	b, err := FS.ReadFile("style.css")
	if err != nil {
		t.Fatal(err)
	}
	css := regexp.MustCompile(`(?s)/\*.*?\*/`).ReplaceAllString(string(b), "")
	css = regexp.MustCompile(`@media[^{]*\{`).ReplaceAllString(css, "")
	var rules []rule
	for _, m := range regexp.MustCompile(`([^{}]+)\{([^{}]*)\}`).FindAllStringSubmatch(css, -1) {
		r := rule{decls: map[string]string{}}
		for _, s := range strings.Split(m[1], ",") {
			r.selectors = append(r.selectors, strings.Join(strings.Fields(s), " "))
		}
		for _, d := range strings.Split(m[2], ";") {
			if k, v, ok := strings.Cut(d, ":"); ok {
				r.decls[strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
		}
		rules = append(rules, r)
	}
	vars := map[string]string{}
	for _, r := range rules {
		if len(r.selectors) == 1 && r.selectors[0] == ":root" {
			for k, v := range r.decls {
				vars[k] = v
			}
		}
	}
	return rules, vars
}

// prop is the value the last rule naming selector gives property, with
// var() resolved; "" if none does.
func prop(rules []rule, vars map[string]string, selector, property string) string {
	v := ""
	for _, r := range rules {
		for _, s := range r.selectors {
			if s == selector {
				if d, ok := r.decls[property]; ok {
					v = d
				}
			}
		}
	}
	for i := 0; i < 5 && strings.Contains(v, "var("); i++ {
		v = regexp.MustCompile(`var\((--[a-z-]+)\)`).ReplaceAllStringFunc(v, func(s string) string {
			return vars[s[4:len(s)-1]]
		})
	}
	return v
}

// hexColour is the first #rrggbb or #rgb colour in a value, as #rrggbb.
func hexColour(t *testing.T, what, v string) string {
	t.Helper()
	c := regexp.MustCompile(`#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b`).FindString(v)
	if c == "" {
		t.Fatalf("%s: no hex colour in %q", what, v)
	}
	if len(c) == 4 {
		c = string([]byte{'#', c[1], c[1], c[2], c[2], c[3], c[3]})
	}
	return c
}

func luminance(hex string) float64 {
	var l float64
	for i, w := range []float64{0.2126, 0.7152, 0.0722} {
		n, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		c := float64(n) / 255
		if c <= 0.03928 {
			c /= 12.92
		} else {
			c = math.Pow((c+0.055)/1.055, 2.4)
		}
		l += w * c
	}
	return l
}

func contrast(a, b string) float64 {
	x, y := luminance(a), luminance(b)
	return (math.Max(x, y) + 0.05) / (math.Min(x, y) + 0.05)
}

// TestColoursMeetWCAGAA: the places where text sits on a tinted background
// (the header bar, unread inbox rows, search highlights in links) reach
// 4.5:1, and the keyboard focus ring reaches 3:1 against the page's
// backgrounds around it (WCAG 2.2 AA, 1.4.3 and 1.4.11).
func TestColoursMeetWCAGAA(t *testing.T) {
	rules, vars := sheet(t)
	get := func(selector, property string) string {
		return hexColour(t, selector+" "+property, prop(rules, vars, selector, property))
	}
	variable := func(name string) string { return hexColour(t, name, vars[name]) }
	link, fg, muted := get("a", "color"), variable("--fg"), variable("--muted")
	text := []struct {
		what, fg, bg string
	}{
		{"header links on the header bar", link, get(".top", "background")},
		{"links on the page", link, variable("--bg")},
		{"links in an unread inbox row", link, get(".note.unread", "background")},
		{"muted text in an unread inbox row", muted, get(".note.unread", "background")},
		{"a link's highlighted search word", link, get("mark", "background")},
		{"highlighted search word in a snippet", muted, get("mark", "background")},
		{"highlighted search word in text", fg, get("mark", "background")},
		{"button text", get("button", "color"), get("button", "background")},
		{"a link inserted in a rendered diff", link, get(".rendered-diff ins", "background")},
		{"a link removed in a rendered diff", link, get(".rendered-diff del", "background")},
		{"quoted text removed in a rendered diff", muted, get(".rendered-diff del", "background")},
		{"a tag added in a rendered diff", variable("--tag-fg"), get(".rendered-diff ins", "background")},
		{"an accepted question's filled answer count", get(".stat.accepted", "color"), get(".stat.accepted", "background")},
		{"an answered question's outlined answer count", get(".stat.answered", "color"), variable("--bg")},
	}
	for _, c := range text {
		if r := contrast(c.fg, c.bg); r < 4.5 {
			t.Errorf("%s: %s on %s is %.2f:1, below 4.5:1", c.what, c.fg, c.bg, r)
		}
	}
	ring := get(":focus-visible", "outline")
	for _, bg := range []string{variable("--bg"), variable("--soft"), get(".note.unread", "background")} {
		if r := contrast(ring, bg); r < 3 {
			t.Errorf("the focus ring %s on %s is %.2f:1, below 3:1", ring, bg, r)
		}
	}
}

// TestAnsweredCountIsOutlined: in question lists an answered question's
// answer count is outlined, so it differs from an unanswered one by more than
// its colour, and an accepted one's is filled (only it shows the ✓).
func TestAnsweredCountIsOutlined(t *testing.T) {
	rules, vars := sheet(t)
	if b := prop(rules, vars, ".stat.answered", "border"); !strings.Contains(b, "solid") {
		t.Errorf(".stat.answered border = %q, want a solid outline", b)
	}
	if bg := prop(rules, vars, ".stat.accepted", "background"); bg == "" {
		t.Error(".stat.accepted has no background: the accepted count is not filled")
	}
}

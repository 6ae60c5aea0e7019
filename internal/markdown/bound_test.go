package markdown

import (
	"strings"
	"testing"
	"time"
)

// pathologicalSize is the size of the inputs below: a whole post.
const pathologicalSize = 30000

// fill repeats unit to n bytes.
func fill(unit string, n int) string {
	return strings.Repeat(unit, n/len(unit))
}

// pathological returns the inputs that took goldmark time growing with the
// square of their length, each alone and inside the blocks they may come
// in, at about size bytes.
func pathological(size int) map[string]string {
	units := map[string]string{
		"link openers":             "[](",
		"link openers, angle":      "[](<",
		"image openers":            "![](",
		"link openers, one a line": "[](\n",
		"emphasis *a_":             "*a_",
		"emphasis _a*":             "_a*",
		"emphasis a*_":             "a*_",
		"strikethrough and *":      "*a~",
	}
	out := map[string]string{}
	for name, u := range units {
		run := fill(u, size)
		out[name] = run
		out[name+" in a list item"] = "- " + run
		out[name+" in a quotation"] = "> " + run
		out[name+" after a fence"] = "```\n[](x *a_\n```\n\n" + run
		out[name+" in a table cell"] = "| a |\n|---|\n| " + strings.ReplaceAll(run, "\n", " ") + " |\n"
		// Paragraphs just over the limits, each costing all they may.
		out[name+" in paragraphs"] = strings.ReplaceAll(fill(fill(u, 3*maxDelimiters/2+30)+"\n\n", size), "\n\n\n", "\n\n")
	}
	out["brackets open then closed"] = strings.Repeat("[", size/2) + strings.Repeat("]", size/2)
	out["link around emphasis"] = "[" + fill("*a_", size) + "](https://example.com)"
	return out
}

// linearBaseline is ordinary text of about size bytes: prose with emphasis,
// code, links and a mention, in paragraphs of a few hundred bytes.
func linearBaseline(size int) string {
	para := "The **client** drops the `tun0` interface after *ten minutes*; see [the log](https://example.com/log) " +
		"and ask @ada_l, who set up the_vpn_gateway. Restarting (as in [1]) helps for a while.\n\n"
	return fill(para, size)
}

// fastest returns the shortest of a few timings of fn.
func fastest(fn func()) time.Duration {
	best := time.Duration(1<<63 - 1)
	for range 3 {
		start := time.Now()
		fn()
		best = min(best, time.Since(start))
	}
	return best
}

// TestPathologicalInputsRenderInLinearTime renders every pathological input
// and compares its time with that of ordinary text of the same size,
// measured alike in the same process, so that the machine's speed and load
// cancel out. Bounded, none takes more than about 5 times as long as the
// ordinary text; maxRatio leaves ten times that for noise. goldmark alone
// takes 40 to 430 times as long on the runs of links and emphasis alone, in
// lists, quotations, table cells and after a fence (fewer times on the
// shorter lines of "[](" one a line, or brackets), so this fails without
// the bound.
func TestPathologicalInputsRenderInLinearTime(t *testing.T) {
	const maxRatio = 60
	base := fastest(func() { Render(linearBaseline(pathologicalSize)) })
	for name, src := range pathological(pathologicalSize) {
		d := fastest(func() { Render(src) })
		ratio := float64(d) / float64(base)
		t.Logf("%-45s %8v  %.1f× ordinary text", name, d, ratio)
		if ratio > maxRatio {
			t.Errorf("%s: %v, %.0f times ordinary text of the same size (%v); want at most %d", name, d, ratio, base, maxRatio)
		}
	}
}

// TestPathologicalInputsDegradeToText checks what the bound changes: the
// runs of a block past its limits show as the characters written, never as
// markup, and the output stays safe.
func TestPathologicalInputsDegradeToText(t *testing.T) {
	for name, src := range pathological(pathologicalSize) {
		if out := Render(src); unsafeReasons(out) != nil {
			t.Errorf("%s: unsafe output: %v", name, unsafeReasons(out)[:1])
		}
	}
	// Nothing in these runs pairs up, bounded or not: all shows as text.
	for _, unit := range []string{"[](", "*a_", "[](<"} {
		src := fill(unit, pathologicalSize)
		if got := HTMLToText(Render(src)); got != src {
			t.Errorf("%q runs: text %q…, want the runs as written", unit, got[:min(len(got), 40)])
		}
	}
	// Past its limit, later markup of that kind in the same block is text,
	// other markup is not; the next block is read as usual.
	tail := " *b* and [c](https://example.com/c)\n\n*d* and [e](https://example.com/e)\n"
	for unit, wants := range map[string][]string{
		"[](": {"<em>b</em>", `[c](<a href="https://example.com/c"`},
		"*a_": {"*b*", `<a href="https://example.com/c" rel="nofollow noopener">c</a>`},
	} {
		out := Render(fill(unit, pathologicalSize) + tail)
		for _, want := range append(wants, "<p><em>d</em>", `<a href="https://example.com/e" rel="nofollow noopener">e</a>`) {
			if !strings.Contains(out, want) {
				t.Errorf("%q runs then markup: output lacks %q: …%s", unit, want, out[max(0, len(out)-200):])
			}
		}
	}
}

// FuzzBoundRendersAsGoldmark checks that on short inputs, which cannot reach
// the bound's limits (128 bytes hold at most 128 brackets and 64 links that
// fail, reading 8 KB), the bounded parsers render as goldmark's own.
func FuzzBoundRendersAsGoldmark(f *testing.F) {
	for _, s := range []string{"[a](b) *c* _d_ ~~e~~", "[](([](<[](x \"t\")", "*a_*a_**b**__c__", "![i](/x.png)[^1]\n\n[^1]: n",
		"[a]\n\n[a]: /u", "a_b_c *[x*](y) [x](<y z>)", "- [ ] t\n> [q](/r 't')", "| a |\n|---|\n| *b* [c](d) |",
		"[s](\\\\p\\f\\) [t](<\\\\q\\g\\>) [u](\\\\r\\h*)"} {
		f.Add(s)
	}
	refMD, refComment := newMD(false), newCommentMD(false)
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 128 {
			return
		}
		if got, want := Render(src), render(refMD, src); got != want {
			t.Fatalf("Render(%q):\nbounded:  %q\ngoldmark: %q", src, got, want)
		}
		if got, want := RenderComment(src), renderComment(refComment, src); got != want {
			t.Fatalf("RenderComment(%q):\nbounded:  %q\ngoldmark: %q", src, got, want)
		}
	})
}

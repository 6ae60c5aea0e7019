package markdown

import (
	"strings"
	"testing"
	"time"
)

// unescapedDelimiters counts the inline markup characters of src outside
// fenced code that no backslash escapes.
func unescapedDelimiters(src string) int {
	n, fence := 0, ""
	for _, line := range strings.SplitAfter(src, "\n") {
		if f := fenceOf(line); f != "" && (fence == "" || strings.HasPrefix(f, fence) && isClosingFence(line)) {
			if fence == "" {
				fence = f
			} else {
				fence = ""
			}
			continue
		}
		if fence != "" {
			continue
		}
		for i := 0; i < len(line); i++ {
			if line[i] == '\\' {
				i++
				continue
			}
			if isDelimiter(line[i]) {
				n++
			}
		}
	}
	return n
}

// TestLimitDelimiters: a post within the bound is left as it is; past it,
// the inline markup characters outside fenced code beyond the first
// maxDelimiters are escaped and show as typed, while code blocks and what
// came before stay as they were.
func TestLimitDelimiters(t *testing.T) {
	normal := "See [the guide](https://intranet/vpn) and *restart* the `vpn` client.\n\n```go\nx := a[i] * b_c\n```\n"
	if got := limitDelimiters(normal); got != normal {
		t.Errorf("a normal post changed:\n%s", got)
	}
	code := "```\n" + strings.Repeat("a[i] = *p_q; `x` <y>\n", 400) + "```\n"
	if got := limitDelimiters(code + "Then *restart*."); got != code+"Then *restart*." {
		t.Error("fenced code past the bound changed")
	}
	for _, src := range []string{strings.Repeat("[](", 10000), strings.Repeat("*a_", 10000), strings.Repeat("![a](b) ", 3700),
		code + strings.Repeat("[a](<", 6000), strings.Repeat("    *a_*a_\n", 2700),
		strings.Repeat("[](", 400) + strings.Repeat("x", 28000), strings.Repeat("[](", 9999) + ")", "see [x](y", "[a](\nb)"} {
		got := limitDelimiters(src)
		if n := unescapedDelimiters(got); n > maxDelimiters {
			t.Errorf("%.20q: %d delimiters left unescaped, want at most %d", src, n, maxDelimiters)
		}
		if farLinkTail(strings.ReplaceAll(got, `\(`, "")) {
			t.Errorf("%.20q: a link opener without its end near is left", src)
		}
		if strings.ReplaceAll(got, "\\", "") != strings.ReplaceAll(src, "\\", "") {
			t.Errorf("%.20q: more than backslashes changed", src)
		}
		if limitDelimiters(got) != got {
			t.Errorf("%.20q: not idempotent", src)
		}
	}
	// What is escaped shows as typed.
	out := Render(strings.Repeat("[](", 600) + " [the guide](https://intranet/vpn)")
	if !strings.Contains(out, "[](") || strings.Contains(out, `href="https://intranet/vpn"`) {
		t.Errorf("past the bound the link still renders, or the brackets do not show:\n%.300s", out)
	}
	if out := Render("[the guide](https://intranet/vpn) " + strings.Repeat("x ", 100)); !strings.Contains(out, `href="https://intranet/vpn"`) {
		t.Errorf("a link within the bound does not render: %s", out)
	}
	long := "https://sharepoint.example.com/sites/it/" + strings.Repeat("a", 1500)
	if out := Render("[the list](" + long + ") " + strings.Repeat("x", 3000)); !strings.Contains(out, `href="`+long+`"`) {
		t.Error("a long address within the bound does not render as a link")
	}
}

// TestRenderPathologicalInline renders the inline runs that were quadratic
// in goldmark at the largest post size; timings are logged (the bound on
// delimiters, checked above, is what keeps them linear).
func TestRenderPathologicalInline(t *testing.T) {
	for _, src := range []string{strings.Repeat("[](", 400) + strings.Repeat("x", 28000), strings.Repeat("[](", 9999) + ")"} {
		start := time.Now()
		Render(src)
		t.Logf("%.20q (%d bytes): %v", src, len(src), time.Since(start))
	}
	for _, pat := range []string{"[](", "*a_", "[a](<", "![](", "[a]((", "_a*"} {
		src := strings.Repeat(pat, 30000/len(pat))
		start := time.Now()
		out := Render(src)
		t.Logf("%q ×%d: %v", pat, 30000/len(pat), time.Since(start))
		if bad := unsafeReasons(out); bad != nil {
			t.Errorf("%q: unsafe output: %v", pat, bad[:min(len(bad), 5)])
		}
	}
}

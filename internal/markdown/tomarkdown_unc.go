package markdown

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// sharePath is a share path the converter wrote with escapes: where it
// starts and ends in the Markdown, and the path as typed.
type sharePath struct {
	start, end int
	path       string
}

// typedSharePaths returns src, Markdown the converter derived, with the
// share paths it escaped ("\\\\\\\\print01\\\\floor2", as the text of the HTML
// holds "\\\\print01\\floor2") written as a person types them, wherever
// Render reads the path so written back as the same path (unc.go): at the
// start of a word, in text rather than code. Each path is checked by
// parsing the Markdown as Render does: one the renderer would not take
// whole (after an escaped character, or followed by one, "\\\\srv\\x\\*y",
// whose backslash would join the path) keeps its escapes. A path ending
// in "\\" at the end of a line stays a path there, not a hard line break.
func typedSharePaths(src string) string {
	found := escapedSharePaths(src)
	for pass := 0; pass < 2 && len(found) > 0; pass++ {
		out, starts := writeTyped(src, found)
		if limitNesting(cleanInput(out)) != out {
			return src // Render would parse other text than out
		}
		taken := rawStrings(out)
		kept := found[:0]
		for i, p := range found {
			if taken[starts[i]] == len(p.path) {
				kept = append(kept, p)
			}
		}
		if len(kept) == len(found) {
			return out
		}
		found = kept
	}
	return src
}

// writeTyped returns src with the paths found written as typed, and where
// each starts in it.
func writeTyped(src string, found []sharePath) (string, []int) {
	var b strings.Builder
	b.Grow(len(src))
	starts := make([]int, len(found))
	last := 0
	for i, p := range found {
		b.WriteString(src[last:p.start])
		starts[i] = b.Len()
		b.WriteString(p.path)
		last = p.end
	}
	b.WriteString(src[last:])
	return b.String(), starts
}

// rawStrings parses src as Render does and returns, by where each starts
// in src, the length of the share paths the renderer keeps as typed.
func rawStrings(src string) map[int]int {
	taken := make(map[int]int)
	pc := parser.NewContext()
	pc.Set(uncTakenKey, taken)
	md.Parser().Parse(text.NewReader([]byte(src)), parser.WithContext(pc))
	return taken
}

// entityRef matches an HTML entity or character reference at the start of
// a string, as CommonMark reads one in text.
var entityRef = regexp.MustCompile(`^&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});`)

// escapedSharePaths finds the share paths written with escapes in src: a
// run of exactly four backslashes (an escaped "\\\\"), and what follows read
// with its escapes, a UNC path (uncLen). Each stretch of src is read once:
// the search goes on after the word read, path or not.
func escapedSharePaths(src string) []sharePath {
	var found []sharePath
	var buf []byte
	var at []int // where in src each byte of buf ends
	for i := 0; i < len(src); {
		j := strings.Index(src[i:], `\\\\`)
		if j < 0 {
			break
		}
		j += i
		run := j
		for run < len(src) && src[run] == '\\' {
			run++
		}
		if run-j != 4 {
			i = run
			continue
		}
		// Read the word with its escapes, to white space or to a
		// character that ends any path.
		buf, at = buf[:0], at[:0]
		k := j
		for k < len(src) {
			c, size := src[k], 1
			if c == '\\' && k+1 < len(src) && util.IsPunct(src[k+1]) {
				c, size = src[k+1], 2
			}
			if c < 0x80 && (unicode.IsSpace(rune(c)) || unicode.IsControl(rune(c)) || strings.IndexByte("<>\"|*`[]", c) >= 0) ||
				size == 1 && c == '&' && entityRef.MatchString(src[k:]) {
				// An entity ("&gt;", as the converter writes ">") is
				// read in text but not in a path as typed: the path
				// written as typed would go on, which the check finds.
				break
			}
			buf = append(buf, c)
			k += size
			at = append(at, k)
		}
		if n := uncLen(buf); n > 0 {
			found = append(found, sharePath{start: j, end: at[n-1], path: string(buf[:n])})
		}
		i = max(k, run)
	}
	return found
}

package markdown

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// A Windows share's path (\\print01\floor2, \\fs.example.com\c$\logs,
// \\10.0.0.5\share) is written daily on an IT help site, and CommonMark
// reads its leading "\\" as an escaped backslash, so it showed as
// \print01\floor2. uncPaths keeps such a path as typed when it starts a
// word: at the start of a line, after white space, or after an opening
// bracket, quotation mark or emphasis marker that is not itself escaped. It
// is a UNC path only when "\\" is followed by a host name (a letter or
// digit, then letters, digits, "-", "_", ".") or by "?" or "." (\\?\C:\x,
// \\.\pipe\x), and then by "\"; "\\" alone and "\\*text*" keep their
// CommonMark meaning. The path runs to white space, to a character no
// Windows path holds (< > " | * ` and control characters) or to a square
// bracket, which in Markdown is a link's ("[\\srv\x](/a)"); emphasis
// markers at its end close what opened before it. Code spans and blocks
// are literal already and are not touched.
type uncPaths struct{}

// Extend implements goldmark.Extender.
func (uncPaths) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(uncParser{}, 150)))
}

// uncParser is the inline parser of uncPaths, triggered by "\" before the
// text's backslash escapes are read.
type uncParser struct{}

// Trigger implements parser.InlineParser.
func (uncParser) Trigger() []byte { return []byte{'\\'} }

// Parse implements parser.InlineParser: a UNC path at the reader becomes a
// raw string node, which the renderer escapes for HTML but not for Markdown.
func (uncParser) Parse(_ ast.Node, block text.Reader, _ parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if !uncWordStart(block.PrecendingCharacter()) || escapedBefore(block.Source(), seg.Start) {
		return nil
	}
	n := uncLen(line)
	if n == 0 {
		return nil
	}
	block.Advance(n)
	// A String, not a Text: goldmark merges the text that follows into a
	// Text before it, which would then be raw too and show its escapes.
	str := ast.NewString(line[:n:n])
	str.SetRaw(true)
	return str
}

// uncWordStart reports whether a UNC path may start after the character
// before (goldmark gives '\n' at the start of a block or line).
func uncWordStart(before rune) bool {
	return unicode.IsSpace(before) || strings.ContainsRune("([{<\"'*_~“‘„«‹", before)
}

// escapedBefore reports whether the character before at in src is an
// escaped one ("\~"): a character shown as text, which starts no word.
func escapedBefore(src []byte, at int) bool {
	if at < 2 || at > len(src) || !util.IsPunct(src[at-1]) {
		return false
	}
	n := 0
	for i := at - 2; i >= 0 && src[i] == '\\'; i-- {
		n++
	}
	return n%2 == 1
}

// uncLen returns the length in bytes of the UNC path at the start of s, or
// 0 when s does not start with one.
func uncLen[T string | []byte](s T) int {
	n, _ := uncScan(s)
	return n
}

// uncScan returns uncLen of s and where the path's characters end, before
// trimUNC gives some back (0 when there is no path).
func uncScan[T string | []byte](s T) (n, end int) {
	if len(s) < 4 || s[0] != '\\' || s[1] != '\\' {
		return 0, 0
	}
	i := 2
	if s[i] == '?' || s[i] == '.' {
		i++
	} else if r, _ := decodeRune(s[i:]); unicode.IsLetter(r) || unicode.IsDigit(r) {
		for i < len(s) {
			r, size := decodeRune(s[i:])
			if !uncHostRune(r) {
				break
			}
			i += size
		}
	}
	if i == 2 || i >= len(s) || s[i] != '\\' {
		return 0, 0
	}
	for i < len(s) {
		r, size := decodeRune(s[i:])
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == utf8.RuneError && size == 1 ||
			strings.ContainsRune("<>\"|*`[]", r) {
			break
		}
		i += size
	}
	return trimUNC(s[:i]), i
}

// decodeRune is utf8.DecodeRune for text held either way.
func decodeRune[T string | []byte](s T) (rune, int) {
	var buf [utf8.UTFMax]byte
	return utf8.DecodeRune(buf[:copy(buf[:], s[:min(len(s), utf8.UTFMax)])])
}

// uncHostRune reports whether r may be part of a host name in a UNC path.
func uncHostRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.'
}

// trimUNC returns the length of path without the emphasis and
// strikethrough markers at its end ("_\\srv\x_"), which close what opened
// before the path. Other punctuation at its end shows the same as path or
// as text.
func trimUNC[T string | []byte](path T) int {
	end := len(path)
	for end > 2 && (path[end-1] == '_' || path[end-1] == '~') {
		end--
	}
	return end
}

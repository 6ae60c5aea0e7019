package markdown

import "strings"

// maxDelimiters bounds the characters outside fenced code that open or
// close inline markup: links and images ('[', ']', '('), emphasis ('*',
// '_', '~'), code spans ('`') and HTML ('<'). Goldmark's inline parser takes
// time quadratic in them in some runs ("[](" or "*a_" repeated: a
// 30,000-character post took 1.7 s to render, on every preview and save),
// so past this many the rest are escaped and show as typed. A real post
// stays far below it outside its code blocks.
const maxDelimiters = 1500

// maxLinkTail bounds how far after "](" the ")" closing a link's address
// (and title) may stand on its line: goldmark looks for it from every
// opener, so openers with none near ("[](" repeated on a long line) made
// rendering quadratic. An address of this length is far longer than any a
// post needs; a "](" with no ")" that near shows as typed.
const maxLinkTail = 2048

// isDelimiter reports whether c opens or closes inline markup.
func isDelimiter(c byte) bool {
	switch c {
	case '[', ']', '(', '*', '_', '~', '`', '<':
		return true
	}
	return false
}

// limitDelimiters returns src with the inline markup characters outside
// fenced code blocks past the first maxDelimiters backslash-escaped (they
// show as typed). It returns src itself when there are not that many.
func limitDelimiters(src string) string {
	n := 0
	for i := 0; i < len(src); i++ {
		if isDelimiter(src[i]) {
			n++
		}
	}
	if n <= maxDelimiters && !farLinkTail(src) {
		return src // fences included, so most posts need no closer look
	}
	var b strings.Builder
	b.Grow(len(src) + max(n-maxDelimiters, 0) + 8)
	seen := 0
	var fence string // the fence of the code block src is in, or ""
	for start := 0; start < len(src); {
		end := strings.IndexByte(src[start:], '\n') + 1
		if end == 0 {
			end = len(src)
		} else {
			end += start
		}
		line := src[start:end]
		if f := fenceOf(line); f != "" && (fence == "" || strings.HasPrefix(f, fence) && isClosingFence(line)) {
			if fence == "" {
				fence = f
			} else {
				fence = ""
			}
			b.WriteString(line)
		} else if fence != "" {
			b.WriteString(line)
		} else {
			for i := 0; i < len(line); i++ {
				c := line[i]
				if c == '\\' && i+1 < len(line) {
					b.WriteByte(c) // an escape already: keep it with what it escapes
					i++
					b.WriteByte(line[i])
					continue
				}
				if isDelimiter(c) {
					seen++
					if seen > maxDelimiters || c == '(' && i > 0 && line[i-1] == ']' && !closesNear(line[i+1:]) {
						b.WriteByte('\\')
					}
				}
				b.WriteByte(c)
			}
		}
		start = end
	}
	return b.String()
}

// closesNear reports whether rest, the line after a link's "](", holds
// the ")" that ends the link within maxLinkTail bytes.
func closesNear(rest string) bool {
	return strings.IndexByte(rest[:min(len(rest), maxLinkTail)], ')') >= 0
}

// farLinkTail reports whether some "](" of src has no ")" within
// maxLinkTail bytes on its line.
func farLinkTail(src string) bool {
	for i := 0; ; {
		j := strings.Index(src[i:], "](")
		if j < 0 {
			return false
		}
		i += j + 2
		rest := src[i:]
		if nl := strings.IndexByte(rest[:min(len(rest), maxLinkTail)], '\n'); nl >= 0 {
			rest = rest[:nl]
		}
		if !closesNear(rest) {
			return true
		}
	}
}

// fenceOf returns the fence a line opens or closes a code block with (three
// or more backticks or tildes after at most three spaces), or "".
func fenceOf(line string) string {
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 || len(t) < 3 || t[0] != '`' && t[0] != '~' {
		return ""
	}
	n := 0
	for n < len(t) && t[n] == t[0] {
		n++
	}
	if n < 3 {
		return ""
	}
	return t[:n]
}

// isClosingFence reports whether a fence line closes a block: nothing but
// white space after the fence.
func isClosingFence(line string) bool {
	t := strings.TrimLeft(line, " ")
	f := fenceOf(line)
	return strings.TrimSpace(t[len(f):]) == ""
}

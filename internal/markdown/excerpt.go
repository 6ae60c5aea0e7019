package markdown

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// ellipsis is appended to cut excerpts.
const ellipsis = "…"

// Excerpt returns at most n runes of plain text, cut at a word boundary with
// "…" appended when cut. The ellipsis counts towards n, so the result never
// exceeds n runes; a single word longer than the room left is cut mid-word.
func Excerpt(plain string, n int) string {
	plain = strings.TrimSpace(cleanInput(plain))
	if n <= 0 {
		return ""
	}
	if utf8.RuneCountInString(plain) <= n {
		return plain
	}
	room := n - 1 // runes left for text once the ellipsis is counted
	cut := byteOffset(plain, room)
	head := plain[:cut]
	// The cut is already at a boundary when a space or closing punctuation
	// follows; otherwise back up to the last space.
	next, _ := utf8.DecodeRuneInString(plain[cut:])
	if !unicode.IsSpace(next) && !strings.ContainsRune(",.;:!?)]}", next) {
		if i := strings.LastIndexFunc(head, unicode.IsSpace); i >= 0 {
			head = head[:i]
		}
	}
	head = strings.TrimRightFunc(head, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",;:-–—", r)
	})
	return head + ellipsis
}

// byteOffset returns the byte offset of the rune at index runes in s.
func byteOffset(s string, runes int) int {
	i := 0
	for off := range s {
		if i == runes {
			return off
		}
		i++
	}
	return len(s)
}

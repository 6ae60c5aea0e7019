package text

import "testing"

// TestMarkBidi: the embeddings and overrides become marks; isolates, the
// direction marks, right-to-left text and bytes that are no UTF-8 stay as
// they are.
func TestMarkBidi(t *testing.T) {
	for in, want := range map[string]string{
		"":                               "",
		"Papierstau \u202etxt.exe":       "Papierstau [U+202E]txt.exe",
		"\u202a\u202b\u202c\u202d\u202e": "[U+202A][U+202B][U+202C][U+202D][U+202E]",
		"a\u202ab\n\u202cc":              "a[U+202A]b\n[U+202C]c",
		"\u2068שלום\u2069 \u200e\u200f\u061c": "\u2068שלום\u2069 \u200e\u200f\u061c",
		"bad \xff byte \u202e":                "bad \xff byte [U+202E]",
	} {
		if got := MarkBidi(in); got != want {
			t.Errorf("MarkBidi(%q) = %q, want %q", in, got, want)
		}
	}
}

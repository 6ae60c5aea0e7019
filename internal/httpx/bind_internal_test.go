package httpx

import "testing"

// TestLoneSurrogate finds escapes of half a UTF-16 pair, which would be
// stored as U+FFFD, and nothing else.
func TestLoneSurrogate(t *testing.T) {
	for in, want := range map[string]bool{
		`{"a":"\ud800"}`:       true,
		`{"a":"\udc00x"}`:      true,
		`{"a":"\ud83d\ude00"}`: false,
		`{"a":"\\ud800"}`:      false, // an escaped backslash, then text
		`{"a":"\u00e9 \" \\"}`: false,
		`{"a":"\ud83d\u0041"}`: true,
		`{"a":"x\ud83d"}`:      true,
		`{"a":"\\\ud800"}`:     true,
	} {
		if got := loneSurrogate([]byte(in)); got != want {
			t.Errorf("%s: %v, want %v", in, got, want)
		}
	}
}

package httpx

import "testing"

// TestBadEscapes finds escapes of half a UTF-16 pair, which would be stored
// as U+FFFD, and escapes of NUL, which PostgreSQL cannot store, and nothing
// else.
func TestBadEscapes(t *testing.T) {
	for in, want := range map[string][2]bool{ // nul, surrogate
		`{"a":"\ud800"}`:       {false, true},
		`{"a":"\udc00x"}`:      {false, true},
		`{"a":"\ud83d\ude00"}`: {false, false},
		`{"a":"\\ud800"}`:      {false, false}, // an escaped backslash, then text
		`{"a":"\u00e9 \" \\"}`: {false, false},
		`{"a":"\ud83d\u0041"}`: {false, true},
		`{"a":"x\ud83d"}`:      {false, true},
		`{"a":"\\\ud800"}`:     {false, true},
		`{"a":"x\u0000y"}`:     {true, false},
		`{"a":"\\u0000"}`:      {false, false}, // an escaped backslash, then text
		`{"a":"\\\u0000"}`:     {true, false},
		`{"a":"\u0000\ud800"}`: {true, true},
	} {
		if nul, sur := badEscapes([]byte(in)); nul != want[0] || sur != want[1] {
			t.Errorf("%s: nul %v surrogate %v, want %v", in, nul, sur, want)
		}
	}
}

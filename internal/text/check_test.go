package text_test

import (
	"strings"
	"testing"

	"stackdesk/internal/text"
)

// TestCheckNeedsSomethingThatShows: a one-line text such as a display name
// must show something: a letter, digit, symbol or punctuation. Spaces,
// format characters, blank fillers and marks on no letter (accents, vowel
// signs, variation selectors, the combining grapheme joiner) are refused
// with a message that says so, while they are kept inside visible text.
// Marks still count towards the minimum length, as parts of their letter.
func TestCheckNeedsSomethingThatShows(t *testing.T) {
	for in, want := range map[string]string{
		"":                     "field.text.required",
		"   \u3000\u00a0":      "field.text.required",
		"\u200b\u200b\u200b":   "field.text.invisible",
		"\u3164\u115f\u2800":   "field.text.invisible",
		"\u0301\u0301":         "field.text.invisible",
		"\ufe0f\u034f\u17b4":   "field.text.invisible",
		"\u20dd":               "field.text.invisible",
		" \u200d\ufe0f \u2063": "field.text.invisible",
		"\U0001d159":           "field.text.invisible",
		"\u202edora":           "field.text.bidi",
	} {
		if p, ok := text.Check(in, 1, 50, false); ok || p.ID != want {
			t.Errorf("%q: ok %v, problem %q, want %q", in, ok, p.ID, want)
		}
	}
	for _, in := range []string{"a\u200b\u200b\u200b", "دورا مراد", "e\u0301", "🙂", "👍🏽", "!", "नमस्ते", "\u200b李\u200b"} {
		if p, ok := text.Check(in, 1, 50, false); !ok {
			t.Errorf("%q refused: %s", in, p.ID)
		}
	}
	if _, ok := text.Check("नमस्ते", 6, 50, false); !ok {
		t.Error("vowel signs do not count towards the length")
	}
	if text.Shows(strings.Repeat("\u0301", 5)) || !text.Shows("\u0301a") {
		t.Error("Shows counts marks on their own, or misses the letter after them")
	}
}

// TestWideCharactersCountTwice: a character of Chinese, Japanese or Korean
// counts twice towards a minimum length (it takes two columns and says as
// much as a short word), and a text still too short says so; emoji, also
// wide, count once. The maximum counts characters as they are.
func TestWideCharactersCountTwice(t *testing.T) {
	for _, in := range []string{"打印机无法连接网络", "プリンターが動かない", "프린터가 안 돼요 왜"} {
		if p, ok := text.Check(in, 15, 150, false); !ok {
			t.Errorf("%q refused: %s", in, p.ID)
		}
	}
	if p, ok := text.Check("打印机坏了", 15, 150, false); ok || p.ID != "field.text.short_wide" {
		t.Errorf("five Chinese characters: ok %v, problem %q", ok, p.ID)
	}
	for _, in := range []string{"🔥🔥🔥🔥🔥🔥🔥🔥", "printer broken", "ＶＰＮ？？？？？", "？？？？？？？？", "。。。。。。。。", "👍🏽👍🏽👍🏽👍🏽👍🏽"} {
		if p, ok := text.Check(in, 15, 150, false); ok || p.ID != "field.text.short" {
			t.Errorf("%q: ok %v, problem %q, want field.text.short", in, ok, p.ID)
		}
	}
	if p, ok := text.Check(strings.Repeat("网", 11), 1, 10, false); ok || p.ID != "field.text.long" {
		t.Errorf("11 characters over a maximum of 10: ok %v, problem %q", ok, p.ID)
	}
	if text.Letters("Ошибка 404 🔥 打印") != 8 || text.Letters("🔥 404 ?!") != 0 {
		t.Error("Letters miscounts")
	}
}

package web

import "testing"

// TestFlagNoteLinksOnlyWholeQuestionAddresses: a flag note's /questions/N
// is a link only where the number ends the address; a number that runs
// into letters, digits or other word characters ("/questions/1abc") is no
// question's address and stays plain text, not a link to /questions/1
// followed by "abc".
func TestFlagNoteLinksOnlyWholeQuestionAddresses(t *testing.T) {
	for note, want := range map[string]string{
		"Duplicate of /questions/66.":         `Duplicate of <a href="/questions/66">/questions/66</a>.`,
		"See (/questions/7/vpn-setup)":        `See (<a href="/questions/7">/questions/7</a>/vpn-setup)`,
		"/questions/12, /questions/13#a-1":    `<a href="/questions/12">/questions/12</a>, <a href="/questions/13">/questions/13</a>#a-1`,
		"Duplicate of /questions/1abc":        "Duplicate of /questions/1abc",
		"Duplicate of /questions/1_2":         "Duplicate of /questions/1_2",
		"Duplicate of /questions/5ä":          "Duplicate of /questions/5ä",
		"Duplicate of /questions/9ZZ please":  "Duplicate of /questions/9ZZ please",
		"/questions/1234567890123456789 long": "/questions/1234567890123456789 long",
	} {
		if got := string(linkQuestions(note, nil)); got != want {
			t.Errorf("%q:\n got %s\nwant %s", note, got, want)
		}
	}
}

// TestFlagNoteLinksReadAsTitles: a note's /questions/N reads as the title
// of that question where the queue read it (escaped, its bidi controls
// marked), and as the address typed where it did not (a deleted question).
func TestFlagNoteLinksReadAsTitles(t *testing.T) {
	titles := map[int64]string{66: "VPN <drops> every hour", 7: "Printer\u202Ejam"}
	for note, want := range map[string]string{
		"Duplicate of /questions/66.": `Duplicate of <a href="/questions/66" dir="auto">VPN &lt;drops&gt; every hour</a>.`,
		"See /questions/7 and /questions/8": `See <a href="/questions/7" dir="auto">Printer<span class="bidi-mark">U+202E</span>jam</a>` +
			` and <a href="/questions/8">/questions/8</a>`,
	} {
		if got := string(linkQuestions(note, titles)); got != want {
			t.Errorf("%q:\n got %s\nwant %s", note, got, want)
		}
	}
	if got := noteRefs("Duplicate of /questions/66, see /questions/1abc and (/questions/8)"); len(got) != 2 || got[0].id != 66 || got[1].id != 8 {
		t.Errorf("the note refers to %v, want 66 and 8", got)
	}
}

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
		if got := string(linkQuestions(note)); got != want {
			t.Errorf("%q:\n got %s\nwant %s", note, got, want)
		}
	}
}

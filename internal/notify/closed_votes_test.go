package notify_test

import (
	"testing"

	"stackdesk/internal/i18n"
	"stackdesk/internal/notify"
)

// TestClosedByVotesLine: a closing by members' votes names no single voter
// (the last one's name would blame them for all three), in English and
// German, with the reason when there is one.
func TestClosedByVotesLine(t *testing.T) {
	cat := i18n.MustLoad()
	mod := int64(7)
	for _, c := range []struct {
		it         notify.Item
		lang, line string
	}{
		{notify.Item{Notification: notify.Notification{Type: notify.TypeClosed, Reason: "unclear"}}, "en", "Members' votes closed your question (unclear or missing details)"},
		{notify.Item{Notification: notify.Notification{Type: notify.TypeClosed, Reason: "unclear"}}, "de", "Die Stimmen von Mitgliedern haben Ihre Frage geschlossen (unklar oder ohne nötige Angaben)"},
		{notify.Item{Notification: notify.Notification{Type: notify.TypeClosed}}, "en", "Members' votes closed your question"},
		{notify.Item{Notification: notify.Notification{Type: notify.TypeClosed, Reason: "unclear", ActorID: &mod}, ActorName: "mod"}, "en", "mod closed your question (unclear or missing details)"},
	} {
		if got := notify.Line(cat.T, c.lang, &c.it); got != c.line {
			t.Errorf("%s: %q, want %q", c.lang, got, c.line)
		}
	}
}

package notify_test

import (
	"context"
	"strings"
	"testing"

	"stackdesk/internal/errs"
	"stackdesk/internal/i18n"
	"stackdesk/internal/notify"
	"stackdesk/internal/qa"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestFlaggersHearTheOutcome: each flagger whose flag a moderator resolves
// is told once, in the reader's language: declined, marked helpful, or
// helpful by the deletion of what was flagged (a comment's then leads to its
// post, a deleted question's to the inbox). An author's own deletion tells
// nobody, and nobody is told of a decision on their own flag.
func TestFlaggersHearTheOutcome(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		cat := i18n.MustLoad()
		f := newFixture(st)
		ada, bob, cy, dan := f.user(t, "ada"), f.user(t, "bob"), f.user(t, "cy"), f.user(t, "dan")
		mod := storetest.User(t, st, "mod", store.RoleModerator)
		q := f.ask(t, ada, "Question.")
		a := f.answer(t, bob, q, "Cheap watches at example.com.")
		c, err := f.qa.AddComment(ctx, bob, q.ID, "Nobody cares about your VPN.")
		if err != nil {
			t.Fatal(err)
		}
		flag := func(u *store.User, postID int64, commentID *int64) {
			t.Helper()
			var err error
			if commentID != nil {
				_, err = f.qa.FlagComment(ctx, u, *commentID, qa.FlagInput{Reason: qa.FlagRude})
			} else {
				_, err = f.qa.FlagPost(ctx, u, postID, qa.FlagInput{Reason: qa.FlagSpam})
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		flag(cy, a.ID, nil)
		flag(dan, a.ID, nil)
		flag(mod, a.ID, nil)
		flag(cy, q.ID, &c.ID)
		flag(dan, q.ID, &c.ID)
		before := len(f.all(t))

		// Declined on the comment, then the answer deleted: cy and dan hear
		// each once, the moderator nothing of their own flag.
		if _, err := f.qa.ResolveFlags(ctx, mod, q.ID, &c.ID, 0, false, ""); err != nil {
			t.Fatal(err)
		}
		if err := f.qa.Delete(ctx, mod, a.ID); err != nil {
			t.Fatal(err)
		}
		want := []got{{"cy", notify.TypeFlagDeclined}, {"dan", notify.TypeFlagDeclined},
			{"cy", notify.TypeFlagHelpful}, {"dan", notify.TypeFlagHelpful}, {"bob", notify.TypeDeleted}}
		if all := f.all(t)[before:]; !same(all, want) {
			t.Fatalf("notifications %v, want %v", all, want)
		}
		in, err := f.notes.Inbox(ctx, cy.ID, 1, 10)
		if err != nil || len(in.Items) != 2 {
			t.Fatalf("cy's inbox: %+v %v", in, err)
		}
		helpful, declined := in.Items[0], in.Items[1]
		for _, c := range []struct {
			it         notify.Item
			lang, line string
		}{
			{declined, "en", "mod ♦ dismissed your flag"},
			{declined, "de", "mod ♦ hat Ihre Meldung zurückgewiesen"},
			{helpful, "en", "mod ♦ deleted what you flagged: your flag was helpful"},
			{helpful, "de", "mod ♦ hat gelöscht, was Sie gemeldet haben: Ihre Meldung war hilfreich"},
		} { // (mod is a moderator: the name carries a ♦)
			if got := notify.Line(cat.T, c.lang, &c.it); got != c.line {
				t.Errorf("%s line %q, want %q", c.lang, got, c.line)
			}
		}
		if u := declined.URL(); u != "/questions/"+itoa(q.ID)+"#comment-"+itoa(c.ID) {
			t.Errorf("declined leads to %s", u)
		}
		if helpful.QuestionTitle != q.Title || *helpful.PostID != a.ID {
			t.Errorf("helpful: %+v", helpful)
		}

		// A decision of helpful without deletion; then, a question deleted
		// with its answers tells a flagger of both once, and leads to the
		// inbox (the question is gone for them).
		q2 := f.ask(t, ada, "Another question.")
		a2 := f.answer(t, bob, q2, "An answer.")
		flag(cy, q2.ID, nil)
		flag(cy, a2.ID, nil)
		if n, err := f.qa.ResolveFlags(ctx, mod, a2.ID, nil, 0, true, ""); err != nil || n != 1 {
			t.Fatalf("helpful: %d %v", n, err)
		}
		flag(cy, a2.ID, nil)
		before = len(f.all(t))
		if err := f.qa.Delete(ctx, mod, q2.ID); err != nil {
			t.Fatal(err)
		}
		want = []got{{"cy", notify.TypeFlagHelpful}, {"ada", notify.TypeDeleted}}
		if all := f.all(t)[before:]; !same(all, want) {
			t.Fatalf("question deleted: %v, want %v", all, want)
		}
		in, _ = f.notes.Inbox(ctx, cy.ID, 1, 10)
		if it := in.Items[0]; it.URL() != "/inbox" || it.QuestionTitle != "" {
			t.Errorf("deleted question: %+v leads to %s", it, it.URL())
		}
		if it := in.Items[1]; it.Type != notify.TypeFlagHelpful || it.Reason != "" ||
			notify.Line(cat.T, "en", &it) != "mod ♦ marked your flag helpful" {
			t.Errorf("marked helpful: %+v", it)
		}

		// The author deleting a flagged post tells nobody.
		q3 := f.ask(t, ada, "A third question.")
		flag(dan, q3.ID, nil)
		before = len(f.all(t))
		if err := f.qa.Delete(ctx, ada, q3.ID); err != nil {
			t.Fatal(err)
		}
		if all := f.all(t)[before:]; len(all) != 0 {
			t.Fatalf("an author's deletion notified %v", all)
		}
	})
}

// TestDeletedQuestionTellsAFlaggerOnceOfTheQuestion: a member who flagged
// an answer (and a comment on it) before flagging the question hears of
// the question's deletion once, and of the question, not of the answer.
func TestDeletedQuestionTellsAFlaggerOnceOfTheQuestion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(st)
		ada, bob, cy := f.user(t, "ada"), f.user(t, "bob"), f.user(t, "cy")
		mod := storetest.User(t, st, "mod", store.RoleModerator)
		q := f.ask(t, ada, "Cheap watches at example.com.")
		a := f.answer(t, bob, q, "More watches at example.com.")
		c, err := f.qa.AddComment(ctx, bob, a.ID, "Buy them all at example.com.")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.qa.FlagPost(ctx, cy, a.ID, qa.FlagInput{Reason: qa.FlagSpam}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.qa.FlagComment(ctx, cy, c.ID, qa.FlagInput{Reason: qa.FlagSpam}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.qa.FlagPost(ctx, cy, q.ID, qa.FlagInput{Reason: qa.FlagSpam}); err != nil {
			t.Fatal(err)
		}
		if err := f.qa.Delete(ctx, mod, q.ID); err != nil {
			t.Fatal(err)
		}
		var ns []notify.Notification
		if err := st.DB.Where("user_id = ?", cy.ID).Find(&ns).Error; err != nil {
			t.Fatal(err)
		}
		if len(ns) != 1 {
			t.Fatalf("cy has %d notifications, want 1: %+v", len(ns), ns)
		}
		n := ns[0]
		if n.Type != notify.TypeFlagHelpful || n.Reason != notify.FlagDeleted || n.PostID == nil || *n.PostID != q.ID ||
			n.QuestionID == nil || *n.QuestionID != q.ID || n.CommentID != nil {
			t.Fatalf("cy's notification: %+v, want flag_helpful (deleted) of question %d", n, q.ID)
		}
		var open int64
		if err := st.DB.Model(&store.Flag{}).Where("user_id = ? AND status = ?", cy.ID, qa.FlagPending).Count(&open).Error; err != nil || open != 0 {
			t.Fatalf("%d of cy's flags still wait (%v)", open, err)
		}
	})
}

// TestDismissalNoteReachesTheFlagger: a moderator's note on dismissing
// flags is kept on each flag and told to each flagger, in their language; a
// note too long, on two lines, with control characters, or with a helpful
// decision is refused and changes nothing; a blank note is none.
func TestDismissalNoteReachesTheFlagger(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		cat := i18n.MustLoad()
		f := newFixture(st)
		ada, bob, cy, dan := f.user(t, "ada"), f.user(t, "bob"), f.user(t, "cy"), f.user(t, "dan")
		mod := storetest.User(t, st, "mod", store.RoleModerator)
		q := f.ask(t, ada, "Question.")
		a := f.answer(t, bob, q, "A fine answer.")
		for _, u := range []*store.User{cy, dan} {
			if _, err := f.qa.FlagPost(ctx, u, a.ID, qa.FlagInput{Reason: qa.FlagSpam}); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range []struct {
			note    string
			helpful bool
		}{
			{strings.Repeat("x", qa.FlagDeclineNoteMax+1), false},
			{"Not spam:\nthe link is the vendor's manual.", false},
			{"Not spam\x07", false},
			{"The link is the vendor's manual.", true},
		} {
			_, err := f.qa.ResolveFlags(ctx, mod, a.ID, nil, 0, c.helpful, c.note)
			if e := errs.As(err); e == nil || e.Code != errs.Invalid || len(e.Fields) != 1 || e.Fields[0].Field != "note" {
				t.Fatalf("note %q (helpful %v): %v, want a field error on note", c.note, c.helpful, err)
			}
		}
		var open int64
		if err := st.DB.Model(&store.Flag{}).Where("status = ?", qa.FlagPending).Count(&open).Error; err != nil || open != 2 {
			t.Fatalf("after refusals %d flags wait (%v), want 2", open, err)
		}
		note := "  Not spam: the link is the vendor's <b>manual</b>, " + strings.Repeat("ü", qa.FlagDeclineNoteMax-60) + "  "
		want := strings.TrimSpace(note)
		if n, err := f.qa.ResolveFlags(ctx, mod, a.ID, nil, 0, false, note); err != nil || n != 2 {
			t.Fatalf("dismiss with a note: %d %v", n, err)
		}
		var flags []store.Flag
		if err := st.DB.Order("id").Find(&flags).Error; err != nil || len(flags) != 2 {
			t.Fatal(flags, err)
		}
		for _, fl := range flags {
			if fl.Status != qa.FlagDeclined || fl.DeclineNote != want {
				t.Fatalf("flag: %+v", fl)
			}
		}
		for _, u := range []*store.User{cy, dan} {
			in, err := f.notes.Inbox(ctx, u.ID, 1, 10)
			if err != nil || len(in.Items) != 1 {
				t.Fatalf("%s's inbox: %+v %v", u.Username, in, err)
			}
			it := in.Items[0]
			if it.Type != notify.TypeFlagDeclined || it.Note != want {
				t.Fatalf("%s's notification: %+v", u.Username, it)
			}
			if got := notify.Line(cat.T, "en", &it); got != "mod ♦ dismissed your flag: “"+want+"”" {
				t.Errorf("en: %q", got)
			}
			if got := notify.Line(cat.T, "de", &it); got != "mod ♦ hat Ihre Meldung zurückgewiesen: „"+want+"“" {
				t.Errorf("de: %q", got)
			}
		}
		declined, err := f.qa.FlagDeclineNotes(ctx, cy, 5)
		if err != nil || len(declined) != 1 || declined[0].Note != want || declined[0].Title != q.Title ||
			declined[0].QuestionID != q.ID || declined[0].PostID != a.ID || declined[0].Reason != qa.FlagSpam {
			t.Fatalf("cy's dismissed flags: %+v %v", declined, err)
		}

		// A blank note is none: the line is the plain one, and the record lists nothing.
		q2 := f.ask(t, ada, "Another question.")
		if _, err := f.qa.FlagPost(ctx, cy, q2.ID, qa.FlagInput{Reason: qa.FlagRude}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.qa.ResolveFlags(ctx, mod, q2.ID, nil, 0, false, "   "); err != nil {
			t.Fatal(err)
		}
		in, _ := f.notes.Inbox(ctx, cy.ID, 1, 10)
		if it := in.Items[0]; it.Note != "" || notify.Line(cat.T, "en", &it) != "mod ♦ dismissed your flag" {
			t.Fatalf("blank note: %+v", it)
		}
		if declined, _ := f.qa.FlagDeclineNotes(ctx, cy, 5); len(declined) != 1 {
			t.Fatalf("a blank note is listed: %+v", declined)
		}
	})
}

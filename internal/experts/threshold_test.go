package experts_test

import (
	"context"
	"slices"
	"testing"

	"stackdesk/internal/experts"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestOneUnvotedAnswerMakesNoExpert checks who the directory lists for a
// tag: people whose record in it shows they know it (an accepted answer,
// or answers whose votes add up to at least +1), its SMEs and those who
// picked it; each with their record in that tag.
//
//	vpn:     bob   one answer, no votes               not listed
//	         cy    one answer, +1                     listed
//	         dee   accepted answer, no votes          listed
//	         eve   answers +1 and −1 (sum 0)          not listed
//	         hal   one answer, no votes (+3 in windows) not listed
//	         fay   picked vpn, no answers             listed
//	         gus   SME of vpn, no answers             listed, first
//	windows: hal   one answer, +3                     listed
func TestOneUnvotedAnswerMakesNoExpert(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		f.rep.Rules.VoteDown = 0
		f.answer(t, "bob", f.ask(t, "ada", "vpn"))
		f.upvote(t, f.answer(t, "cy", f.ask(t, "ada", "vpn")), "kim")
		d := f.answer(t, "dee", f.ask(t, "ada", "vpn"))
		if _, err := f.rep.Accept(ctx, f.u("ada"), d.ID); err != nil {
			t.Fatal(err)
		}
		f.upvote(t, f.answer(t, "eve", f.ask(t, "ada", "vpn")), "kim")
		down := f.answer(t, "eve", f.ask(t, "ada", "vpn"))
		if _, err := f.rep.Vote(ctx, f.u("kim"), down.ID, -1); err != nil {
			t.Fatal(err)
		}
		f.answer(t, "hal", f.ask(t, "ada", "vpn"))
		f.upvote(t, f.answer(t, "hal", f.ask(t, "ada", "windows")), "ada", "kim", "jon")
		if err := f.ex.UpdateProfile(ctx, f.u("fay"), experts.ProfileInput{Tags: []string{"vpn"}}); err != nil {
			t.Fatal(err)
		}
		admin := storetest.User(t, st, "root", store.RoleAdmin)
		if _, err := f.ex.SetSME(ctx, admin, "vpn", f.u("gus").ID, true); err != nil {
			t.Fatal(err)
		}

		l, err := f.ex.ForTag(ctx, "vpn", 1, 50)
		if err != nil {
			t.Fatal(err)
		}
		if got := f.names(l.Items); !slices.Equal(got, []string{"gus", "dee", "cy", "fay"}) || l.Total != 4 {
			t.Fatalf("vpn experts %v (total %d), want gus dee cy fay", got, l.Total)
		}
		type record struct{ answers, accepted, votes int }
		want := map[string]record{"gus": {0, 0, 0}, "dee": {1, 1, 0}, "cy": {1, 0, 1}, "fay": {0, 0, 0}}
		for _, e := range l.Items {
			if got := (record{e.Answers, e.Accepted, e.AnswerScore}); got != want[e.User.Username] {
				t.Errorf("%s's record in vpn: %+v, want %+v", e.User.Username, got, want[e.User.Username])
			}
		}
		w, err := f.ex.ForTag(ctx, "windows", 1, 50)
		if err != nil || !slices.Equal(f.names(w.Items), []string{"hal"}) || w.Items[0].AnswerScore != 3 || w.Items[0].Answers != 1 {
			t.Fatalf("windows experts %v %v", f.names(w.Items), err)
		}
		// The rule is the record's: the same people by the tag's name in free text.
		byName, err := f.ex.Find(ctx, experts.Query{Q: "vpn"})
		if err != nil || !slices.Equal(f.names(byName.Items), []string{"gus", "dee", "cy", "fay"}) {
			t.Fatalf("free text vpn: %v %v", f.names(byName.Items), err)
		}
		// Routing still asks everyone active in the tag, bob and hal too.
		f.ex.Config.RouteCount = 10
		q := f.ask(t, "jon", "vpn")
		if got := f.told(t, q); !slices.Contains(got, "bob:routed") || !slices.Contains(got, "hal:routed") {
			t.Fatalf("routed: %v", got)
		}
	})
}

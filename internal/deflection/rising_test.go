package deflection_test

import (
	"context"
	"fmt"
	"testing"

	"stackdesk/internal/deflection"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// Rising tags are the community's topics: the questions the hotline
// published from tickets count no more there than in the other question
// figures, and the tag such a question gets by default is never a topic.
func TestRisingTagsLeaveOutTheHotline(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		ctx := context.Background()
		emp := storetest.User(t, st, "emp", store.RoleUser)
		carol := storetest.User(t, st, "carol", store.RoleUser)
		hot := storetest.User(t, st, "it-hotline", store.RoleHotline)
		ana := storetest.User(t, st, "ana", store.RoleAnalyst)
		me := deflection.Who{User: emp}

		// An old printer question, before the five weeks rising tags look at:
		// employees who view it and then call the hotline give their
		// published tickets the tag printer.
		old := r.ask(t, carol, "2026-01-05 09:00", "Printer on floor 2 prints blank pages", "printer")
		publish := func(when, subject string, viewed bool) {
			t.Helper()
			r.search.posts = []*store.Post{old}
			s := r.start(t, me, when, subject)
			if viewed {
				r.view(t, me, s, old)
			}
			tk := r.outcome(t, me, s, deflection.OutcomeInput{Outcome: deflection.OutcomeTicket, Ticket: &deflection.TicketInput{
				Subject: subject, Body: "It still fails after everything I tried today.", ConsentPublish: true}}).Ticket
			row, err := r.svc.Resolve(ctx, hot, tk.ID, deflection.ResolutionInput{
				Answer: "Restart the device and sign in again, that fixes it.", Publish: true})
			if err != nil || row.PublishedQuestionID == nil {
				t.Fatalf("resolve %q: %+v %v", subject, row, err)
			}
		}
		for i, d := range []string{"2026-03-10 09:00", "2026-03-11 09:00", "2026-03-12 09:00"} {
			publish(d, fmt.Sprintf("Laptop battery swollen, case %d", i+1), false)
			publish(d, fmt.Sprintf("Printer jams on every page, case %d", i+1), true)
		}
		// The community's own rising topic, for comparison.
		for _, d := range []string{"2026-03-10 10:00", "2026-03-11 10:00", "2026-03-12 10:00"} {
			r.ask(t, carol, d, "VPN drops every ten minutes "+d, "vpn")
		}
		var tagged int64
		st.DB.Table("post_tags AS pt").Joins("JOIN tags t ON t.id = pt.tag_id").
			Where("t.name IN ?", []string{deflection.HotlineTag, "printer"}).Count(&tagged)
		if tagged != 7 {
			t.Fatalf("%d questions tagged hotline or printer, want 3 + 1 + 3 (the published ones are not tagged as the test expects)", tagged)
		}

		q, err := deflection.ParseQuery("2026-03-02", "2026-03-15", "week", "", r.clk.Now())
		if err != nil {
			t.Fatal(err)
		}
		rep, err := r.svc.Dashboard(ctx, ana, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.RisingTags) != 1 || rep.RisingTags[0] != (deflection.RisingTag{Tag: "vpn", ThisWeek: 3}) {
			t.Fatalf("rising tags %+v, want vpn alone", rep.RisingTags)
		}

		// The hotline's mark is no topic on questions tagged with it by
		// hand either.
		for _, d := range []string{"2026-03-13 09:00", "2026-03-13 10:00", "2026-03-13 11:00"} {
			r.ask(t, carol, d, "Who answers the phone at night "+d, deflection.HotlineTag)
		}
		if rep, err = r.svc.Dashboard(ctx, ana, q); err != nil {
			t.Fatal(err)
		}
		if len(rep.RisingTags) != 1 || rep.RisingTags[0].Tag != "vpn" {
			t.Fatalf("rising tags %+v, want vpn alone", rep.RisingTags)
		}
	})
}

// TestRisingTagsWithinTheTagFilter: with a tag filter the rising tags, like
// every other figure, count only the questions carrying that tag: the tag
// itself when its questions rise, and the tags asked about together with
// it, each by its questions with the filter's tag. A topic rising apart
// from the filter's tag is not listed there.
func TestRisingTagsWithinTheTagFilter(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		r := newRig(t, st)
		carol := storetest.User(t, st, "carol", store.RoleUser)
		ana := storetest.User(t, st, "ana", store.RoleAnalyst)
		n := 0
		ask := func(when string, tags ...string) {
			t.Helper()
			n++
			r.ask(t, carol, when, fmt.Sprintf("Something broke again this week, case %d", n), tags...)
		}
		// Before the week: two VPN questions (a weekly average of 0.5).
		ask("2026-02-16 09:00", "vpn")
		ask("2026-02-23 09:00", "vpn")
		// The week of 2026-03-08: VPN on macOS three times, VPN on Windows
		// once, Windows alone three times, printers three times.
		for _, d := range []string{"2026-03-09 09:00", "2026-03-10 09:00", "2026-03-11 09:00"} {
			ask(d, "vpn", "macos")
			ask(d, "windows")
			ask(d, "printer")
		}
		ask("2026-03-12 09:00", "vpn", "windows")

		rising := func(tag string) []deflection.RisingTag {
			t.Helper()
			q, err := deflection.ParseQuery("2026-03-02", "2026-03-14", "week", tag, r.clk.Now())
			if err != nil {
				t.Fatal(err)
			}
			rep, err := r.svc.Dashboard(context.Background(), ana, q)
			if err != nil {
				t.Fatal(err)
			}
			return rep.RisingTags
		}
		for _, c := range []struct {
			tag  string
			want []deflection.RisingTag
		}{
			{"", []deflection.RisingTag{{Tag: "windows", ThisWeek: 4}, {Tag: "vpn", ThisWeek: 4, Average: 0.5},
				{Tag: "macos", ThisWeek: 3}, {Tag: "printer", ThisWeek: 3}}},
			// Windows comes up once with VPN: not rising within it.
			{"vpn", []deflection.RisingTag{{Tag: "vpn", ThisWeek: 4, Average: 0.5}, {Tag: "macos", ThisWeek: 3}}},
			{"printer", []deflection.RisingTag{{Tag: "printer", ThisWeek: 3}}},
			{"macos", []deflection.RisingTag{{Tag: "macos", ThisWeek: 3}, {Tag: "vpn", ThisWeek: 3}}},
		} {
			if got := rising(c.tag); fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("tag %q: rising %+v, want %+v", c.tag, got, c.want)
			}
		}
	})
}

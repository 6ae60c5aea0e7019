package experts_test

import (
	"context"
	"math"
	"slices"
	"testing"
	"time"

	"stackdesk/internal/errs"
	"stackdesk/internal/experts"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

func TestWeightHalvesEveryHalfLife(t *testing.T) {
	h := 180 * day
	for _, c := range []struct {
		age  time.Duration
		want float64
	}{{0, 1}, {-day, 1}, {h, 0.5}, {2 * h, 0.25}, {3 * h, 0.125}, {h / 2, math.Sqrt2 / 2}} {
		if got := experts.Weight(c.age, h); math.Abs(got-c.want) > 1e-15 || (c.age%h == 0 && got != c.want) {
			t.Errorf("Weight(%s) = %v, want %v", c.age, got, c.want)
		}
	}
}

// history builds a known history in tag vpn (and one answer in windows):
//
//	bob  answered 360 days ago, +1 vote              (1+1) × ¼        = 0.5
//	cy   answered 180 days ago, accepted, +2 votes   (1+2+3) × ½      = 3
//	dee  answered now, +2 votes                      (1+2) × 1        = 3   (ties cy; fewer accepted)
//	eve  answered now, +1 vote                       2                      (ties fay exactly; lower id)
//	fay  answered now, +1 vote                       2
//	hal  answered 90 days ago, +1 vote               (1+1) × 2^(−½)   = 1.414
//	gus  answered in windows only (+1); named SME of vpn  0, listed first
//	ian  picked vpn on his profile                   0, listed last
//
// Every answer has a vote at least, as the directory lists no one for an
// answer nobody voted for (TestOneUnvotedAnswerMakesNoExpert).
func history(t *testing.T, f *fixture) {
	ctx := context.Background()
	q1 := f.at(-360*day).ask(t, "ada", "vpn")
	f.upvote(t, f.answer(t, "bob", q1), "kim")
	q2 := f.at(-180*day).ask(t, "ada", "vpn", "windows")
	a := f.answer(t, "cy", q2)
	q3 := f.at(-90*day).ask(t, "ada", "vpn")
	f.upvote(t, f.answer(t, "hal", q3), "kim")
	q4 := f.at(0).ask(t, "ada", "vpn")
	b := f.answer(t, "dee", q4)
	f.upvote(t, f.answer(t, "eve", q4), "kim")
	f.upvote(t, f.answer(t, "fay", q4), "kim")
	q5 := f.ask(t, "ada", "windows")
	f.upvote(t, f.answer(t, "gus", q5), "kim")
	f.upvote(t, a, "ada", "kim")
	f.upvote(t, b, "ada", "kim")
	if _, err := f.rep.Accept(ctx, f.u("ada"), a.ID); err != nil {
		t.Fatal(err)
	}
	admin := storetest.User(t, f.st, "root", store.RoleAdmin)
	if _, err := f.ex.SetSME(ctx, admin, "vpn", f.u("gus").ID, true); err != nil {
		t.Fatal(err)
	}
	if err := f.ex.UpdateProfile(ctx, f.u("ian"), experts.ProfileInput{Tags: []string{"VPN"}}); err != nil {
		t.Fatal(err)
	}
}

func TestRankingOfAKnownHistoryIsExact(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		history(t, f)
		f.at(0)
		l, err := f.ex.ForTag(ctx, "vpn", 1, 50)
		if err != nil {
			t.Fatal(err)
		}
		type row struct {
			name     string
			score    float64
			answers  int
			accepted int
			sme      bool
		}
		want := []row{
			{"gus", 0, 0, 0, true},
			{"cy", 3, 1, 1, false},
			{"dee", 3, 1, 0, false},
			{"eve", 2, 1, 0, false},
			{"fay", 2, 1, 0, false},
			{"hal", 1.414, 1, 0, false},
			{"bob", 0.5, 1, 0, false},
			{"ian", 0, 0, 0, false},
		}
		if l.Total != len(want) || len(l.Items) != len(want) {
			t.Fatalf("got %v (total %d), want %d people", f.names(l.Items), l.Total, len(want))
		}
		for i, w := range want {
			e := l.Items[i]
			got := row{e.User.Username, e.Score, e.Answers, e.Accepted, e.SME}
			if got != w {
				t.Errorf("#%d = %+v, want %+v", i+1, got, w)
			}
		}
		if !l.Items[7].Picked || !slices.Equal(l.Items[1].TopTags, []string{"vpn", "windows"}) || !slices.Equal(l.Items[0].TopTags, []string{"windows"}) {
			t.Errorf("picked %v, top tags cy %v gus %v", l.Items[7].Picked, l.Items[1].TopTags, l.Items[0].TopTags)
		}
		// Paging keeps the order.
		p2, err := f.ex.ForTag(ctx, "vpn", 2, 3)
		if err != nil || !slices.Equal(f.names(p2.Items), []string{"eve", "fay", "hal"}) || p2.Total != 8 {
			t.Fatalf("page 2: %v %v", f.names(p2.Items), err)
		}
		// Half a year later every weight has halved once more: cy 1.5, dee 1.5, eve and fay 1, bob 0.25.
		f.at(180 * day)
		l, _ = f.ex.ForTag(ctx, "vpn", 1, 50)
		if l.Items[1].Score != 1.5 || l.Items[2].Score != 1.5 || l.Items[3].Score != 1 || l.Items[6].Score != 0.25 {
			t.Fatalf("after 180 days: %v %v %v %v", l.Items[1].Score, l.Items[2].Score, l.Items[3].Score, l.Items[6].Score)
		}
		// windows: cy's answer (6 × ¼ = 1.5) and gus's (2 × ½); no SMEs there.
		w, _ := f.ex.ForTag(ctx, "windows", 1, 50)
		if !slices.Equal(f.names(w.Items), []string{"cy", "gus"}) || w.Items[0].Score != 1.5 || w.Items[1].Score != 1 {
			t.Fatalf("windows: %v", f.names(w.Items))
		}
		// Twenty years later every expertise rounds to nothing, and the
		// same people are listed (an imported site's old history): the
		// accepted answer first, then the rest as before.
		f.at(20 * 365 * day)
		old, _ := f.ex.ForTag(ctx, "vpn", 1, 50)
		if old.Total != 8 || old.Items[1].User.Username != "cy" || old.Items[1].Score != 0 || old.Items[2].Score != 0 {
			t.Fatalf("twenty years on: %v (total %d)", f.names(old.Items), old.Total)
		}
		if _, err := f.ex.ForTag(ctx, "nosuchtag", 1, 10); !errs.Is(err, errs.NotFound) {
			t.Fatalf("unknown tag: %v", err)
		}
		if _, err := f.ex.Find(ctx, experts.Query{}); !errs.Is(err, errs.Invalid) {
			t.Fatalf("empty query: %v", err)
		}
	})
}

func TestProfileAndSMEsAreChecked(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		f.ask(t, "ada", "vpn", "printer")
		about := "  VPN, certificates and the printers on floor 3  "
		mode := "immediate"
		if err := f.ex.UpdateProfile(ctx, f.u("bob"), experts.ProfileInput{AskMeAbout: &about, Tags: []string{"printer", "vpn", "vpn"}, EmailMode: &mode}); err != nil {
			t.Fatal(err)
		}
		p, err := f.ex.Profile(ctx, f.u("bob").ID)
		if err != nil || p.AskMeAbout != "VPN, certificates and the printers on floor 3" || !slices.Equal(p.Tags, []string{"printer", "vpn"}) || p.EmailMode != "immediate" {
			t.Fatalf("profile %+v %v", p, err)
		}
		long := string(make([]byte, 201))
		bad := "weekly"
		for _, in := range []experts.ProfileInput{{AskMeAbout: &long}, {Tags: []string{"nosuchtag"}}, {EmailMode: &bad},
			{Tags: []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"}}} {
			if err := f.ex.UpdateProfile(ctx, f.u("bob"), in); !errs.Is(err, errs.Invalid) {
				t.Errorf("%+v: %v", in, err)
			}
		}
		if p2, _ := f.ex.Profile(ctx, f.u("bob").ID); !slices.Equal(p2.Tags, p.Tags) || p2.AskMeAbout != p.AskMeAbout {
			t.Fatalf("a refused update changed the profile: %+v", p2)
		}
		if _, err := f.ex.SetSME(ctx, f.u("bob"), "vpn", f.u("cy").ID, true); !errs.Is(err, errs.Forbidden) {
			t.Fatalf("non-admin: %v", err)
		}
		admin := storetest.User(t, st, "root", store.RoleAdmin)
		if _, err := f.ex.SetSME(ctx, admin, "nosuchtag", f.u("cy").ID, true); !errs.Is(err, errs.NotFound) {
			t.Fatalf("unknown tag: %v", err)
		}
		if _, err := f.ex.SetSME(ctx, admin, "vpn", 999999, true); !errs.Is(err, errs.NotFound) {
			t.Fatalf("unknown user: %v", err)
		}
		// Named twice: the second time changes nothing, and says so.
		for i, want := range []bool{true, false} {
			if changed, err := f.ex.SetSME(ctx, admin, "vpn", f.u("cy").ID, true); err != nil || changed != want {
				t.Fatalf("naming cy, time %d: changed %v, %v", i+1, changed, err)
			}
		}
		smes, _ := f.ex.SMEs(ctx, "vpn")
		var audit int64
		st.DB.Model(&store.AuditEntry{}).Where("action = 'sme.add'").Count(&audit)
		if len(smes) != 1 || smes[0].Username != "cy" || audit != 1 {
			t.Fatalf("SMEs %v, audit rows %d", smes, audit)
		}
		// A deactivated account is no SME to list, nor to name.
		st.DB.Model(&store.User{}).Where("id = ?", f.u("cy").ID).Update("deactivated_at", f.now)
		if smes, _ := f.ex.SMEs(ctx, "vpn"); len(smes) != 0 {
			t.Fatalf("a deactivated SME is listed: %v", smes)
		}
		if _, err := f.ex.SetSME(ctx, admin, "vpn", f.u("dee").ID, true); err != nil {
			t.Fatal(err)
		}
		st.DB.Model(&store.User{}).Where("id = ?", f.u("dee").ID).Update("deactivated_at", f.now)
		if _, err := f.ex.SetSME(ctx, admin, "vpn", f.u("dee").ID, true); !errs.Is(err, errs.Conflict) {
			t.Fatalf("a deactivated account named SME again: %v", err)
		}
		st.DB.Model(&store.User{}).Where("id IN ?", []int64{f.u("cy").ID, f.u("dee").ID}).Update("deactivated_at", nil)
		if _, err := f.ex.SetSME(ctx, admin, "vpn", f.u("cy").ID, false); err != nil {
			t.Fatal(err)
		}
		if smes, _ := f.ex.SMEs(ctx, "vpn"); len(smes) != 1 || smes[0].Username != "dee" {
			t.Fatalf("after removal %v", smes)
		}
	})
}

func TestPageListsAreReusedForAMinute(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		q := f.ask(t, "ada", "vpn")
		f.upvote(t, f.answer(t, "bob", q), "kim")
		top := func() []string {
			l, err := f.ex.Top(ctx, "vpn", 5)
			if err != nil {
				t.Fatal(err)
			}
			return f.names(l)
		}
		if got := top(); !slices.Equal(got, []string{"bob"}) {
			t.Fatalf("top %v", got)
		}
		f.upvote(t, f.answer(t, "cy", q), "kim")
		if got := top(); !slices.Equal(got, []string{"bob"}) {
			t.Fatalf("not reused: %v", got)
		}
		f.at(experts.PageCacheTTL)
		if got := top(); !slices.Equal(got, []string{"bob", "cy"}) {
			t.Fatalf("after a minute: %v", got)
		}
		// A profile change shows at once.
		if err := f.ex.UpdateProfile(ctx, f.u("dee"), experts.ProfileInput{Tags: []string{"vpn"}}); err != nil {
			t.Fatal(err)
		}
		if got := top(); !slices.Equal(got, []string{"bob", "cy", "dee"}) {
			t.Fatalf("after a profile change: %v", got)
		}
	})
}

// TestDeactivatedAccountsAreNoExperts checks that someone whose account
// is deactivated (who left) is neither listed as an expert nor routed
// questions, though their answers stay.
func TestDeactivatedAccountsAreNoExperts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		q := f.ask(t, "ada", "vpn")
		f.upvote(t, f.answer(t, "bob", q), "kim")
		f.upvote(t, f.answer(t, "cy", q), "kim")
		gone := f.at(time.Minute).now
		if err := st.DB.Model(&store.User{}).Where("id = ?", f.u("bob").ID).Update("deactivated_at", gone).Error; err != nil {
			t.Fatal(err)
		}
		f.at(experts.PageCacheTTL + time.Minute)
		l, err := f.ex.Top(ctx, "vpn", 5)
		if err != nil {
			t.Fatal(err)
		}
		if got := f.names(l); !slices.Equal(got, []string{"cy"}) {
			t.Fatalf("experts with a deactivated answerer: %v", got)
		}
		f.ask(t, "dee", "vpn")
		var routed []int64
		if err := st.DB.Table("notifications").Where("type = ?", "routed").Pluck("user_id", &routed).Error; err != nil {
			t.Fatal(err)
		}
		if slices.Contains(routed, f.u("bob").ID) || !slices.Contains(routed, f.u("cy").ID) {
			t.Fatalf("routed to %v (bob %d, cy %d)", routed, f.u("bob").ID, f.u("cy").ID)
		}
	})
}

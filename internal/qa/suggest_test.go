package qa_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"stackdesk/internal/errs"
	"stackdesk/internal/notify"
	"stackdesk/internal/qa"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

func errCode(err error) errs.Code {
	if e := errs.As(err); e != nil {
		return e.Code
	}
	return ""
}

func notificationTypes(t *testing.T, st *store.Store, userID int64) []string {
	t.Helper()
	var types []string
	if err := st.DB.Model(&notify.Notification{}).Where("user_id = ?", userID).Order("id").Pluck("type", &types).Error; err != nil {
		t.Fatal(err)
	}
	return types
}

// A member below the edit privilege suggests an edit of someone else's
// question; the post stays as it was until a reviewer approves, which saves
// the suggestion as a revision credited to the member, who gains reputation
// and is told.
func TestSuggestedEditApproved(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newService(st)
		author := storetest.User(t, st, "ada", store.RoleUser)
		newbie := storetest.User(t, st, "bob", store.RoleUser)
		reviewer := storetest.User(t, st, "cyd", store.RoleUser)
		low := storetest.User(t, st, "dan", store.RoleUser)
		st.DB.Model(reviewer).Update("reputation", 600)
		reviewer.Reputation = 600
		q := ask(t, s, author, "VPN drops every few minutes", "vpn")

		// Whoever may edit directly is told so instead.
		if _, err := s.Suggest(ctx, author, q.ID, qa.EditInput{Body: ptr(body + " Thanks.")}); errCode(err) != errs.Conflict {
			t.Fatalf("author's suggestion: %v, want conflict", err)
		}
		if _, err := s.Suggest(ctx, reviewer, q.ID, qa.EditInput{Body: ptr(body + " Thanks.")}); errCode(err) != errs.Conflict {
			t.Fatalf("privileged suggestion: %v, want conflict", err)
		}
		if _, err := s.Suggest(ctx, newbie, q.ID, qa.EditInput{Body: ptr(body)}); errCode(err) != errs.Invalid {
			t.Fatalf("no-change suggestion: %v, want invalid", err)
		}
		if _, err := s.Suggest(ctx, newbie, q.ID, qa.EditInput{Body: ptr("short")}); errCode(err) != errs.Invalid {
			t.Fatalf("short body: %v, want invalid", err)
		}

		newBody := body + "\n\nThe client log says `tunnel keepalive timeout`."
		title := "VPN connection drops every few minutes"
		sug, err := s.Suggest(ctx, newbie, q.ID, qa.EditInput{Title: &title, Body: &newBody, Tags: []string{"vpn", "network"}, Comment: "added the log line"})
		if err != nil {
			t.Fatalf("suggest: %v", err)
		}
		if sug.Status != qa.SuggestionPending || sug.BaseRevision != 1 || sug.OldBody != body || sug.Tags != "vpn network" {
			t.Fatalf("suggestion = %+v", sug)
		}
		// One waiting suggestion a post.
		other := storetest.User(t, st, "eve", store.RoleUser)
		if _, err := s.Suggest(ctx, other, q.ID, qa.EditInput{Body: ptr(body + " Me too.")}); errCode(err) != errs.Conflict {
			t.Fatalf("second suggestion: %v, want conflict", err)
		}
		got, err := s.Post(ctx, q.ID)
		if err != nil || got.BodyMarkdown != body || got.Revision != 1 {
			t.Fatalf("post changed before review: %+v, %v", got, err)
		}
		if types := notificationTypes(t, st, author.ID); !strings.Contains(fmt.Sprint(types), notify.TypeEditSuggested) {
			t.Fatalf("author's notifications = %v", types)
		}

		// Who reviews: the author and the privileged, not the suggester nor a low-reputation member.
		if _, err := s.ApproveSuggestion(ctx, newbie, sug.ID); errCode(err) != errs.Forbidden {
			t.Fatalf("own approval: %v, want forbidden", err)
		}
		if _, err := s.ApproveSuggestion(ctx, low, sug.ID); errCode(err) != errs.Forbidden {
			t.Fatalf("low approval: %v, want forbidden", err)
		}
		queue, total, err := s.ReviewQueue(ctx, reviewer, 1, 20)
		if err != nil || total != 1 || len(queue) != 1 || queue[0].ID != sug.ID || queue[0].Author.ID != newbie.ID {
			t.Fatalf("reviewer's queue = %+v, %d, %v", queue, total, err)
		}
		if _, total, _ := s.ReviewQueue(ctx, low, 1, 20); total != 0 {
			t.Fatalf("low member's queue holds %d", total)
		}
		if n, _ := s.PendingReviews(ctx, author); n != 1 {
			t.Fatalf("author's pending reviews = %d", n)
		}
		if n, _ := s.PendingReviews(ctx, newbie); n != 0 {
			t.Fatalf("suggester's pending reviews = %d", n)
		}

		post, err := s.ApproveSuggestion(ctx, reviewer, sug.ID)
		if err != nil {
			t.Fatalf("approve: %v", err)
		}
		if post.Revision != 2 || post.BodyMarkdown != newBody || post.Title != title || post.Tags != "vpn network" ||
			post.LastEditorID == nil || *post.LastEditorID != newbie.ID || !strings.Contains(post.BodyHTML, "tunnel keepalive timeout") {
			t.Fatalf("approved post = %+v", post)
		}
		if tagCount(t, st, "network") != 1 {
			t.Fatalf("network tag count = %d", tagCount(t, st, "network"))
		}
		revs, err := s.Revisions(ctx, q.ID)
		if err != nil || len(revs) != 2 || revs[0].Editor == nil || revs[0].Editor.ID != newbie.ID ||
			revs[0].ApprovedBy == nil || revs[0].ApprovedBy.ID != reviewer.ID || revs[0].Comment != "added the log line" || revs[1].ApprovedBy != nil {
			t.Fatalf("revisions = %+v, %v", revs, err)
		}
		var rep int
		st.DB.Model(&store.User{}).Where("id = ?", newbie.ID).Pluck("reputation", &rep)
		if rep != 1+newService(st).Rep.EditApproved || rep == 1 {
			t.Fatalf("suggester's reputation = %d", rep)
		}
		if types := notificationTypes(t, st, newbie.ID); !strings.Contains(fmt.Sprint(types), notify.TypeEditApproved) {
			t.Fatalf("suggester's notifications = %v", types)
		}
		// Reviewed once: a second approval or a rejection is refused.
		if _, err := s.ApproveSuggestion(ctx, author, sug.ID); errCode(err) != errs.Conflict {
			t.Fatalf("second approval: %v, want conflict", err)
		}
		if err := s.RejectSuggestion(ctx, author, sug.ID, qa.RejectIntent, ""); errCode(err) != errs.Conflict {
			t.Fatalf("rejection after approval: %v, want conflict", err)
		}
		v, err := s.Suggestion(ctx, sug.ID)
		if err != nil || v.Status != qa.SuggestionApproved || v.Reviewer == nil || v.Reviewer.ID != reviewer.ID || v.Revision == nil || *v.Revision != 2 {
			t.Fatalf("reviewed suggestion = %+v, %v", v, err)
		}
	})
}

// A rejection keeps the post, names its reason to the suggester, and frees
// the post for the next suggestion; an edit saved meanwhile makes approval
// refused rather than undone; a member's waiting suggestions are limited.
func TestSuggestedEditRejectedOutdatedAndLimited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newService(st)
		author := storetest.User(t, st, "ada", store.RoleUser)
		newbie := storetest.User(t, st, "bob", store.RoleUser)
		mod := storetest.User(t, st, "mo", store.RoleModerator)
		q := ask(t, s, author, "Printer on floor three jams", "printer")
		a, err := s.Answer(ctx, author, q.ID, "Open tray two and remove the torn sheet, then restart the printer.")
		if err != nil {
			t.Fatal(err)
		}
		sug, err := s.Suggest(ctx, newbie, a.ID, qa.EditInput{Body: ptr("Open tray two, remove the torn sheet, then restart the printer from its panel.")})
		if err != nil {
			t.Fatalf("suggest on answer: %v", err)
		}
		if _, err := s.Suggest(ctx, newbie, a.ID, qa.EditInput{Title: ptr("An answer has no title here"), Body: ptr("Open tray two and remove the torn sheet, then restart it.")}); errCode(err) == "" {
			t.Fatal("a title on an answer's suggestion was taken")
		}
		for _, bad := range []string{"", "because"} {
			if err := s.RejectSuggestion(ctx, author, sug.ID, bad, ""); errCode(err) != errs.Invalid {
				t.Fatalf("reason %q: %v, want invalid", bad, err)
			}
		}
		if err := s.RejectSuggestion(ctx, author, sug.ID, qa.RejectNoImprovement, strings.Repeat("x", qa.RejectNoteMax+1)); errCode(err) != errs.Invalid {
			t.Fatalf("long note: %v, want invalid", err)
		}
		if err := s.RejectSuggestion(ctx, author, sug.ID, qa.RejectNoImprovement, "  The panel has no restart.  "); err != nil {
			t.Fatalf("reject: %v", err)
		}
		v, _ := s.Suggestion(ctx, sug.ID)
		if v.Status != qa.SuggestionRejected || v.RejectReason != qa.RejectNoImprovement || v.RejectNote != "The panel has no restart." {
			t.Fatalf("rejected suggestion = %+v", v.SuggestedEdit)
		}
		var n notify.Notification
		if err := st.DB.Where("user_id = ? AND type = ?", newbie.ID, notify.TypeEditRejected).Take(&n).Error; err != nil || n.Reason != qa.RejectNoImprovement {
			t.Fatalf("rejection notification = %+v, %v", n, err)
		}
		if got, _ := s.Post(ctx, a.ID); got.Revision != 1 {
			t.Fatalf("rejected edit changed the answer: revision %d", got.Revision)
		}

		// The post is free again; an edit by its author closes the next
		// suggestion (approving it would undo the edit), tells its author,
		// and frees the post for other suggestions.
		sug2, err := s.Suggest(ctx, newbie, a.ID, qa.EditInput{Body: ptr("Open tray two and remove the torn sheet; then switch the printer off and on.")})
		if err != nil {
			t.Fatalf("suggest again: %v", err)
		}
		if _, err := s.Edit(ctx, author, a.ID, qa.EditInput{Body: ptr("Open tray two and take out the torn sheet, then restart the printer.")}); err != nil {
			t.Fatal(err)
		}
		if v, _ := s.Suggestion(ctx, sug2.ID); v.Status != qa.SuggestionSuperseded || v.RejectReason != "" || v.Reviewer == nil || v.Reviewer.ID != author.ID {
			t.Fatalf("suggestion after a direct edit: %+v", v.SuggestedEdit)
		}
		if _, err := s.ApproveSuggestion(ctx, mod, sug2.ID); errCode(err) != errs.Conflict {
			t.Fatalf("approval after a direct edit: %v, want conflict", err)
		}
		if got, _ := s.Post(ctx, a.ID); got.Revision != 2 || !strings.Contains(got.BodyMarkdown, "take out") {
			t.Fatalf("approval changed the edited answer: %+v", got)
		}
		var superseded int64
		st.DB.Model(&notify.Notification{}).Where("user_id = ? AND type = ?", newbie.ID, notify.TypeEditClosed).Count(&superseded)
		if superseded != 1 {
			t.Fatalf("superseded notifications = %d", superseded)
		}
		// The author's approval saves an edit but gives no reputation
		// (two new accounts would trade it); a moderator's gives it.
		sug3, err := s.Suggest(ctx, newbie, a.ID, qa.EditInput{Body: ptr("Open tray two and take out the torn sheet, then restart the printer. Wear gloves.")})
		if err != nil {
			t.Fatalf("suggest after the edit: %v", err)
		}
		if _, err := s.ApproveSuggestion(ctx, author, sug3.ID); err != nil {
			t.Fatalf("author's approval: %v", err)
		}
		var rep int
		st.DB.Model(&store.User{}).Where("id = ?", newbie.ID).Pluck("reputation", &rep)
		if rep != 1 {
			t.Fatalf("reputation after the author's approval = %d, want 1", rep)
		}
		// An imported question whose tags break today's rules: a
		// suggestion of its body alone is approved, the tags kept.
		imp := ask(t, s, author, "Docking station loses the second monitor", "docking")
		st.DB.Model(&store.Post{}).Where("id = ?", imp.ID).Update("tags", "Docking_Station!")
		sug4, err := s.Suggest(ctx, newbie, imp.ID, qa.EditInput{Body: ptr(body + " Firmware 1.2.")})
		if err != nil {
			t.Fatalf("suggest on an imported question: %v", err)
		}
		if got, err := s.ApproveSuggestion(ctx, mod, sug4.ID); err != nil || got.Tags != "Docking_Station!" {
			t.Fatalf("approval of a body-only suggestion: %+v, %v", got, err)
		}
		st.DB.Model(&store.User{}).Where("id = ?", newbie.ID).Pluck("reputation", &rep)
		if rep != 1+newService(st).Rep.EditApproved {
			t.Fatalf("reputation after a moderator's approval = %d", rep)
		}

		// A member's waiting suggestions are limited.
		for i := range qa.MaxPendingSuggestions + 1 {
			qi := ask(t, s, author, fmt.Sprintf("Monitor number %d flickers at noon", i), "monitor")
			_, err := s.Suggest(ctx, newbie, qi.ID, qa.EditInput{Body: ptr(body + " It flickers.")})
			if i < qa.MaxPendingSuggestions && err != nil {
				t.Fatalf("suggestion %d: %v", i, err)
			}
			if i == qa.MaxPendingSuggestions && errCode(err) != errs.RateLimited {
				t.Fatalf("suggestion over the limit: %v, want rate limited", err)
			}
		}
		// A deleted post's suggestion leaves the queue.
		var waiting []store.SuggestedEdit
		st.DB.Where("status = ?", qa.SuggestionPending).Order("id").Find(&waiting)
		if err := s.Delete(ctx, mod, waiting[0].PostID); err != nil {
			t.Fatal(err)
		}
		if _, total, _ := s.ReviewQueue(ctx, mod, 1, 20); total != int64(len(waiting)-1) {
			t.Fatalf("queue after a deletion holds %d, want %d", total, len(waiting)-1)
		}
		if _, err := s.Suggestion(ctx, waiting[0].ID); errCode(err) != errs.NotFound {
			t.Fatalf("deleted post's suggestion: %v, want not found", err)
		}
		// ... and from the member's limit: they may suggest one more.
		qn := ask(t, s, author, "Monitor number six flickers at noon too", "monitor")
		if _, err := s.Suggest(ctx, newbie, qn.ID, qa.EditInput{Body: ptr(body + " It flickers.")}); err != nil {
			t.Fatalf("suggestion after a post was deleted: %v", err)
		}
	})
}

func ptr[T any](v T) *T { return &v }

// TestSuggestedEditWithdrawn: whoever suggested an edit may take it back
// while it waits, nobody else; the post is free for others again.
func TestSuggestedEditWithdrawn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newService(st)
		author := storetest.User(t, st, "ada", store.RoleUser)
		newbie := storetest.User(t, st, "bob", store.RoleUser)
		other := storetest.User(t, st, "cyd", store.RoleUser)
		q := ask(t, s, author, "Wifi drops in meeting room four", "wifi")
		sug, err := s.Suggest(ctx, newbie, q.ID, qa.EditInput{Body: ptr(body + " Room four only.")})
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range []*store.User{author, other} {
			if err := s.WithdrawSuggestion(ctx, u, sug.ID); errCode(err) != errs.Forbidden {
				t.Fatalf("%s withdraws: %v, want forbidden", u.Username, err)
			}
		}
		if err := s.WithdrawSuggestion(ctx, newbie, sug.ID); err != nil {
			t.Fatalf("withdraw: %v", err)
		}
		if v, _ := s.Suggestion(ctx, sug.ID); v.Status != qa.SuggestionWithdrawn {
			t.Fatalf("status after withdrawing: %s", v.Status)
		}
		if err := s.WithdrawSuggestion(ctx, newbie, sug.ID); errCode(err) != errs.Conflict {
			t.Fatalf("withdrawing twice: %v, want conflict", err)
		}
		if _, err := s.ApproveSuggestion(ctx, author, sug.ID); errCode(err) != errs.Conflict || errs.As(err).Msg.ID != "suggestion.withdrawn_already" {
			t.Fatalf("approving a withdrawn suggestion: %v, want conflict", err)
		}
		if v, _ := s.Suggestion(ctx, sug.ID); v.Reviewer != nil {
			t.Fatalf("a withdrawn suggestion names a reviewer: %+v", v.Reviewer)
		}
		if _, err := s.Suggest(ctx, other, q.ID, qa.EditInput{Body: ptr(body + " Also room five.")}); err != nil {
			t.Fatalf("a suggestion after the withdrawal: %v", err)
		}
	})
}

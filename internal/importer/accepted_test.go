package importer

import (
	"context"
	"testing"
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/qa"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestImportedAcceptanceSurvivesDeleteAndRestore: an imported accepted
// answer's reputation is part of its author's one "imported" event, so a
// moderator's deletion of the answer, or of its question, takes nothing,
// and restoring gives nothing either; the answer is accepted again and the
// site shows no drift.
func TestImportedAcceptanceSurvivesDeleteAndRestore(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		importDump(t, st, testdata(t, "se-small"), Options{})
		ctx := context.Background()
		svc := &qa.Service{Store: st, Now: time.Now, Rep: config.Defaults().Reputation}
		mod := storetest.User(t, st, "moderator", store.RoleModerator)
		// Question 1 (by user 1) has answer 3 (by user 5) accepted.
		asker, answerer := loadUser(t, st, 1).Reputation, loadUser(t, st, 5).Reputation
		events := count(t, st, "SELECT COUNT(*) FROM reputation_events")
		for _, id := range []int64{3, 1} {
			// Question 1 is the original of a duplicate (PostLinks.xml): the
			// moderator confirms having seen it.
			if err := svc.DeleteConfirmed(ctx, mod, id, 1); err != nil {
				t.Fatalf("delete %d: %v", id, err)
			}
			if err := svc.Undelete(ctx, mod, id); err != nil {
				t.Fatalf("restore %d: %v", id, err)
			}
			if a, b := loadUser(t, st, 1).Reputation, loadUser(t, st, 5).Reputation; a != asker || b != answerer {
				t.Errorf("after deleting and restoring post %d: asker %d (want %d), answerer %d (want %d)",
					id, a, asker, b, answerer)
			}
			if q := loadPost(t, st, 1); q.AcceptedAnswerID == nil || *q.AcceptedAnswerID != 3 {
				t.Errorf("after deleting and restoring post %d: accepted answer %v, want 3", id, q.AcceptedAnswerID)
			}
		}
		if n := count(t, st, "SELECT COUNT(*) FROM reputation_events"); n != events {
			t.Errorf("reputation events %d, want %d: nothing taken, nothing given", n, events)
		}
		noDrift(t, st)
	})
}

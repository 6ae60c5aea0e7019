package qa_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"stackdesk/internal/qa"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestSentAgainIsNotACopy: the same question, answer or comment sent again
// by its author within ten minutes (a second click, a form sent again
// after going back, a client's retry), also several times at once, gives
// back the first; another author's, a changed text, or the same text later
// is a new post.
func TestSentAgainIsNotACopy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		s := newService(st)
		s.Now = func() time.Time { return now }
		ctx := context.Background()
		ada := storetest.User(t, st, "ada", store.RoleUser)
		bob := storetest.User(t, st, "bob", store.RoleUser)
		in := qa.QuestionInput{Title: "VPN drops every ten minutes", Body: body, Tags: []string{"vpn"}}

		// At once: one question, every request answered with it.
		ids := make(chan int64, 4)
		var wg sync.WaitGroup
		for range cap(ids) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				q, err := s.Ask(ctx, ada, in)
				if err != nil {
					t.Error(err)
					return
				}
				ids <- q.ID
			}()
		}
		wg.Wait()
		close(ids)
		first := <-ids
		for id := range ids {
			if id != first {
				t.Fatalf("the same question sent at once gave %d and %d", first, id)
			}
		}
		if n := counter(t, st, "questions"); n != 1 {
			t.Fatalf("questions counter %d, want 1", n)
		}
		if n := tagCount(t, st, "vpn"); n != 1 {
			t.Fatalf("vpn question count %d, want 1", n)
		}

		a1, err := s.Answer(ctx, bob, first, "Renew the certificate in the portal, then reconnect.")
		if err != nil {
			t.Fatal(err)
		}
		now = now.Add(5 * time.Minute)
		a2, err := s.Answer(ctx, bob, first, "Renew the certificate in the portal, then reconnect.\n\n")
		if err != nil || a2.ID != a1.ID {
			t.Fatalf("the answer sent again: %d, first %d (%v)", a2.ID, a1.ID, err)
		}
		c1, err := s.AddComment(ctx, ada, a1.ID, "Which portal do you mean?")
		if err != nil {
			t.Fatal(err)
		}
		if c2, err := s.AddComment(ctx, ada, a1.ID, "Which portal do you mean? "); err != nil || c2.ID != c1.ID {
			t.Fatalf("the comment sent again: %+v (%v), first %d", c2, err, c1.ID)
		}
		var q store.Post
		if err := st.DB.Where("id = ?", first).Take(&q).Error; err != nil || q.AnswerCount != 1 {
			t.Fatalf("answer count %d (%v), want 1", q.AnswerCount, err)
		}

		// New posts: another author, another text, or the same text later.
		if c, err := s.AddComment(ctx, bob, a1.ID, "Which portal do you mean?"); err != nil || c.ID == c1.ID {
			t.Fatalf("another author's comment: %+v %v", c, err)
		}
		if a, err := s.Answer(ctx, bob, first, "Renew the certificate in the portal, then reconnect twice."); err != nil || a.ID == a1.ID {
			t.Fatalf("another answer: %+v %v", a, err)
		}
		if q2, err := s.Ask(ctx, ada, qa.QuestionInput{Title: "Teams has no sound", Body: body, Tags: []string{"teams", "audio"}}); err != nil {
			t.Fatal(err)
		} else if q3, err := s.Ask(ctx, ada, qa.QuestionInput{Title: "Teams has no sound", Body: body + " \n", Tags: []string{"audio", "teams"}}); err != nil || q3.ID != q2.ID {
			t.Fatalf("the same tags in another order, a space after the body: %d, first %d (%v)", q3.ID, q2.ID, err)
		}
		retagged := in
		retagged.Tags = []string{"vpn", "windows"}
		if q2, err := s.Ask(ctx, ada, retagged); err != nil || q2.ID == first {
			t.Fatalf("the question sent again with its tags fixed: %+v %v", q2, err)
		}
		// A deleted question takes no answer, also not one sent again.
		if err := s.Delete(ctx, ada, first); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Answer(ctx, bob, first, "Renew the certificate in the portal, then reconnect."); err == nil {
			t.Fatal("the answer sent again to a deleted question was taken")
		}
		now = now.Add(11 * time.Minute)
		if q2, err := s.Ask(ctx, ada, in); err != nil || q2.ID == first {
			t.Fatalf("the same question later: %+v %v", q2, err)
		}
	})
}

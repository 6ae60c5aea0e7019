package qa_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"stackdesk/internal/qa"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestSidebarOf: a question's linked questions are its original, then
// the questions closed as its duplicates, the best scored first, up to
// qa.LinkedShown; its related ones are the search hits given, in their
// order, without itself, deleted questions, answers and linked ones, up
// to the limit. All in one query, however many are listed.
func TestSidebarOf(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newService(st)
		u := storetest.User(t, st, "ada", store.RoleUser)
		db := st.DB
		original := ask(t, s, u, "Original question about the VPN", "vpn")
		q := ask(t, s, u, "The question whose page it is", "vpn")
		closeAs := func(p *store.Post, of int64, score int) {
			t.Helper()
			if err := db.Model(&store.Post{}).Where("id = ?", p.ID).Updates(map[string]any{"duplicate_of_id": of,
				"closed_at": time.Now(), "closed_reason": qa.CloseDuplicate, "score": score}).Error; err != nil {
				t.Fatal(err)
			}
		}
		closeAs(q, original.ID, 0)
		q.DuplicateOfID = &original.ID
		var dups []int64
		for i := range qa.LinkedShown + 2 {
			d := ask(t, s, u, fmt.Sprintf("Duplicate number %d of the question", i), "vpn")
			closeAs(d, q.ID, i%4)
			dups = append(dups, d.ID)
		}
		deletedDup := ask(t, s, u, "A deleted duplicate of the question", "vpn")
		closeAs(deletedDup, q.ID, 100)
		var related []int64
		for i := range 12 {
			related = append(related, ask(t, s, u, fmt.Sprintf("Related question number %d", i), "vpn").ID)
		}
		deleted := related[1]
		if err := db.Model(&store.Post{}).Where("id IN ?", []int64{deleted, deletedDup.ID}).Update("deleted_at", time.Now()).Error; err != nil {
			t.Fatal(err)
		}
		answer, err := s.Answer(ctx, u, related[0], "An answer is no question to list, whatever search says.")
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Model(&store.Post{}).Where("id = ?", related[2]).Updates(map[string]any{"score": 7, "answer_count": 2, "accepted_answer_id": answer.ID}).Error; err != nil {
			t.Fatal(err)
		}
		// Search's hits: also the question itself, its original, a
		// duplicate of it, a deleted question and an answer.
		hits := []int64{related[0], q.ID, deleted, answer.ID, dups[3], original.ID}
		hits = append(hits, related[2:]...)

		var mu sync.Mutex
		statements := 0
		count := func(*gorm.DB) { mu.Lock(); statements++; mu.Unlock() }
		if err := db.Callback().Query().After("gorm:query").Register("test:count", count); err != nil {
			t.Fatal(err)
		}
		if err := db.Callback().Row().After("gorm:row").Register("test:count", count); err != nil {
			t.Fatal(err)
		}
		side, err := s.SidebarOf(ctx, q, hits, qa.RelatedShown)
		if err != nil {
			t.Fatal(err)
		}
		if statements != 1 {
			t.Errorf("%d statements, want 1", statements)
		}
		ids := func(bs []qa.Brief) []int64 {
			var out []int64
			for _, b := range bs {
				out = append(out, b.ID)
			}
			return out
		}
		// The duplicates by score (i%4: 3, 2, 1, 0), then id; the first 10.
		wantLinked := []int64{original.ID}
		for _, sc := range []int{3, 2, 1, 0} {
			for i, d := range dups {
				if i%4 == sc {
					wantLinked = append(wantLinked, d)
				}
			}
		}
		wantLinked = wantLinked[:1+qa.LinkedShown]
		if got := ids(side.Linked); !slices.Equal(got, wantLinked) {
			t.Errorf("linked %v, want %v", got, wantLinked)
		}
		wantRelated := append([]int64{related[0]}, related[2:2+qa.RelatedShown-1]...)
		if got := ids(side.Related); !slices.Equal(got, wantRelated) {
			t.Errorf("related %v, want %v", got, wantRelated)
		}
		if r := side.Related[1]; r.ID != related[2] || r.Score != 7 || !r.Answered() || !r.Accepted() || r.Title != "Related question number 2" {
			t.Errorf("the accepted one: %+v", r)
		}
		if r := side.Related[0]; !r.Answered() || r.Accepted() {
			t.Errorf("an answered one: %+v", r)
		}
		if r := side.Related[2]; r.Answered() || r.Accepted() {
			t.Errorf("an open one: %+v", r)
		}
	})
}

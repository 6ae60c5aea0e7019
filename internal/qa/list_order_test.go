package qa_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"testing"
	"time"

	"stackdesk/internal/config"
	"stackdesk/internal/qa"
	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestNewestOrdersByTimeOfAsking: the newest and unanswered lists (all
// questions and a tag's) order by the time of asking, not by id: a question
// imported under a higher id but asked years ago lists after one asked today,
// on numbered pages and by cursor alike; a cursor of the id order continues
// after the question it names.
func TestNewestOrdersByTimeOfAsking(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)
		s := &qa.Service{Store: st, Now: func() time.Time { return now }, Rep: config.Defaults().Reputation}
		ada := storetest.User(t, st, "ada", store.RoleUser)
		var ids []int64
		for i := 0; i < 5; i++ {
			now = now.Add(time.Minute)
			ids = append(ids, ask(t, s, ada, "Docking station question number "+strconv.Itoa(i), "hardware").ID)
		}
		// The last one written is an imported question of 2015.
		old := ids[4]
		if err := st.DB.Exec("UPDATE posts SET created_at = ? WHERE id = ?", time.Date(2015, 3, 1, 9, 0, 0, 0, time.UTC), old).Error; err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprint([]int64{ids[3], ids[2], ids[1], ids[0], old})
		for _, sort := range []string{qa.SortNewest, qa.SortUnanswered} {
			for _, tag := range []string{"", "hardware"} {
				var byPage, byCursor []int64
				for page := 1; page <= 3; page++ {
					l, err := s.Questions(ctx, qa.ListQuery{Sort: sort, Tag: tag, Page: page, PageSize: 2})
					if err != nil {
						t.Fatal(err)
					}
					for _, p := range l.Items {
						byPage = append(byPage, p.ID)
					}
				}
				cursor := ""
				for n := 0; n < 5; n++ {
					l, err := s.Questions(ctx, qa.ListQuery{Sort: sort, Tag: tag, PageSize: 2, Cursor: cursor})
					if err != nil {
						t.Fatal(err)
					}
					for _, p := range l.Items {
						byCursor = append(byCursor, p.ID)
					}
					if cursor = l.NextCursor; cursor == "" {
						break
					}
				}
				if fmt.Sprint(byPage) != want || fmt.Sprint(byCursor) != want {
					t.Errorf("%s %q: pages %v, cursors %v, want %v", sort, tag, byPage, byCursor, want)
				}
			}
			// A cursor of the id order ("sort||id") continues after the question it names.
			legacy := base64.RawURLEncoding.EncodeToString([]byte(sort + "||" + strconv.FormatInt(ids[2], 10)))
			l, err := s.Questions(ctx, qa.ListQuery{Sort: sort, PageSize: 10, Cursor: legacy})
			if err != nil {
				t.Fatalf("%s: old cursor: %v", sort, err)
			}
			var got []int64
			for _, p := range l.Items {
				got = append(got, p.ID)
			}
			if fmt.Sprint(got) != fmt.Sprint([]int64{ids[1], ids[0], old}) {
				t.Errorf("%s: after an old cursor %v", sort, got)
			}
		}
	})
}

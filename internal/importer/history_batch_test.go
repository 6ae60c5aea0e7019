package importer

import (
	"testing"

	"stackdesk/internal/store"
	"stackdesk/internal/store/storetest"
)

// TestHistoryCountsDoNotDependOnBatches: PostHistory.xml's summary is the
// same whatever the batch size. In se-small, post 8's first body version
// renders as the post shows and its later one does not; in one batch the
// first is skipped as having a later version, and so it is when the later
// one comes in a later batch (it was counted as imported there).
func TestHistoryCountsDoNotDependOnBatches(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st0 *store.Store) {
		var markdown []string
		for _, size := range []int{1, 2, 3, 5, 1000} {
			st := st0
			if size != 1 {
				st = storetest.Open(t, st0.Dialect)
			}
			f := importDump(t, st, testdata(t, "se-small"), Options{BatchSize: size}).File("PostHistory.xml")
			if f == nil || f.Read != 8 || f.Imported != 2 || !sameCounts(f.Skipped, map[string]int64{ReasonOtherBody: 4, ReasonNotQuestion: 1, ReasonHistoryType: 1}) {
				t.Errorf("batch %d: %+v, want 8 read, 2 imported, 4 skipped for another body version", size, f)
			}
			markdown = append(markdown, loadPost(t, st, 7).BodyMarkdown+"\x00"+loadPost(t, st, 8).BodyMarkdown)
		}
		for i := range markdown {
			if markdown[i] != markdown[0] {
				t.Errorf("the posts' Markdown depends on the batch size: %q", markdown)
			}
		}
	})
}

package search

import (
	"context"
	"slices"
	"testing"
)

// TestSearchReadsATypoAsItsTag: a word spelled otherwise than a tag but
// stemmed as it is ("kubernets"), or read as a typo of a word that is
// ("kuberntes"), looks up that tag as the word would: the question filed
// under it, which does not hold the word, is found.
func TestSearchReadsATypoAsItsTag(t *testing.T) {
	ix := newTestIndex(t)
	apply(t, ix,
		question(1, "Kubernetes pods restart after the upgrade", "Every pod restarts.", tags("kubernetes")),
		question(2, "Pods hängen nach dem Update", "Seit Montag hängen alle Pods.", tags("kubernetes")),
	)
	apply(t, ix, filler(100, 20)...)
	for _, q := range []string{"kubernets", "kuberntes"} {
		res, err := ix.Search(context.Background(), Request{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		if got := hitIDs(res.Hits); !sameSet(got, []int64{1, 2}) {
			t.Errorf("%s = %v; want both kubernetes questions", q, got)
		}
	}
}

// TestSimilarReadsATypoAsItsTag: on the ask page a title word read as a
// typo names the tags the word read names, and weighs as that tag does:
// "kubernets" lists what "kubernetes" lists, the German question filed
// under kubernetes among them.
func TestSimilarReadsATypoAsItsTag(t *testing.T) {
	ix := newTestIndex(t)
	apply(t, ix,
		question(1, "Kubernetes pods restart after the upgrade", "Every pod restarts.", tags("kubernetes")),
		question(2, "Pods hängen nach dem Update", "Seit Montag hängen alle Pods.", tags("kubernetes")),
		question(3, "Kubernetes dashboard login", "The token is refused.", tags("kubernetes")),
		question(4, "Printer restarts after the upgrade", "It restarts at once."),
	)
	apply(t, ix, filler(100, 40)...)
	ctx := context.Background()
	for _, w := range []string{"kubernets", "kuberntes"} {
		plan, _, err := ix.planSimilar(ctx, words(w), nil, nil, false)
		if err != nil || len(plan) != 1 || !slices.Equal(plan[0].tags, []string{"kubernetes"}) {
			t.Fatalf("plan of %s: %+v, %v; want the tag kubernetes", w, plan, err)
		}
	}
	similar := func(title string) []int64 {
		t.Helper()
		hits, err := ix.Similar(ctx, title, "", 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		return hitIDs(hits)
	}
	right := similar("kubernetes pods hang")
	for _, title := range []string{"kubernets pods hang", "kuberntes pods hang"} {
		if got := similar(title); !slices.Contains(right, 2) || !slices.Equal(got, right) {
			t.Errorf("Similar(%s) = %v, want as for kubernetes: %v (with 2, filed under kubernetes)", title, got, right)
		}
	}
	// Get help reads it so too.
	hits, err := ix.Suggest(ctx, "kubernets", 10)
	if err != nil || !sameSet(hitIDs(hits), []int64{1, 2, 3}) {
		t.Errorf("Suggest(kubernets) = %v, %v; want the kubernetes questions", hitIDs(hits), err)
	}
}

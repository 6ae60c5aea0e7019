package search

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// Compact merges the index into one segment, waiting until done. Call it
// after a bulk rebuild (before SwapIn): searches then read one segment
// instead of dozens, and no merging is left to compete with them.
func (ix *Index) Compact(ctx context.Context) error {
	adv, err := ix.idx.Advanced()
	if err != nil {
		return fmt.Errorf("search: compact: %w", err)
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	opts := mergeplan.SingleSegmentMergePlanOptions
	if err := s.ForceMerge(ctx, &opts); err != nil {
		return fmt.Errorf("search: compact: %w", err)
	}
	return nil
}

package search

import "errors"

// ErrRebuild reports that the index on disk cannot be used as it is (its
// version differs from indexVersion, or it is unreadable): the caller must
// rebuild it from the database, e.g. with Create and SwapIn.
var ErrRebuild = errors.New("search: index must be rebuilt")

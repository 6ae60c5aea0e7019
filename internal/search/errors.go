package search

import (
	"errors"
	"time"
)

// ErrRebuild reports that the index on disk cannot be used as it is (its
// version differs from indexVersion, or it is unreadable): the caller must
// rebuild it from the database, e.g. with Create and SwapIn.
var ErrRebuild = errors.New("search: index must be rebuilt")

// ErrInUse reports that another process holds the index folder open: each
// process must have a folder of its own.
var ErrInUse = errors.New("search: the index folder is in use by another process")

// lockWait is how long opening an index waits for another process to let
// go of it before ErrInUse.
const lockWait = time.Second

package search

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
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

// InUse reports whether another process holds the index in dir open (Bleve
// locks its root file for as long as it has the index open). A folder
// without an index is not in use.
func InUse(dir string) (bool, error) {
	root := filepath.Join(dir, "store", "root.bolt")
	if _, err := os.Stat(root); errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	db, err := bolt.Open(root, 0o600, &bolt.Options{Timeout: lockWait, ReadOnly: true})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("search: %w", err)
	}
	return false, db.Close()
}

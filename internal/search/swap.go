package search

import (
	"errors"
	"fmt"
	"os"
)

// SwapIn replaces the index folder dir with tmpDir, a complete index built
// with Create (and closed). The old folder, if any, is first renamed to
// dir+".old" and removed once tmpDir is in place; if the second rename
// fails the old folder is put back. Both folders must be on the same file
// system, and no Index may be open on dir. Should the process die between
// the two renames, dir is missing and Open creates an empty index (Mark 0),
// which the indexer treats as "rebuild".
func SwapIn(tmpDir, dir string) error {
	if _, err := os.Stat(tmpDir); err != nil {
		return fmt.Errorf("search: swap in: %w", err)
	}
	old := dir + ".old"
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("search: swap in: clear %s: %w", old, err)
	}
	hadOld := true
	if err := os.Rename(dir, old); err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("search: swap in: move old index: %w", err)
		}
		hadOld = false
	}
	if err := os.Rename(tmpDir, dir); err != nil {
		if hadOld {
			if rerr := os.Rename(old, dir); rerr != nil {
				return fmt.Errorf("search: swap in: %w (and restoring the old index: %w)", err, rerr)
			}
		}
		return fmt.Errorf("search: swap in: %w", err)
	}
	if hadOld {
		if err := os.RemoveAll(old); err != nil {
			return fmt.Errorf("search: swap in: remove old index: %w", err)
		}
	}
	return nil
}

//go:build unix

package engine

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"

	"stackdesk/internal/search"
)

// Lock makes this process the index folder's only server for as long as
// the engine is open: it holds a lock on a file in the folder (which the
// system lets go when the process ends, however it ends). Another process
// holding it is search.ErrInUse. Rebuilds, swaps and `stackdesk reindex`
// (which builds beside the index and swaps it in) take no lock.
func (e *Engine) Lock() error {
	root := filepath.Dir(e.dir)
	if err := os.MkdirAll(root, 0o755); err != nil {
		return fmt.Errorf("engine: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(root, "serve.lock"), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("engine: lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return fmt.Errorf("%s: %w", root, search.ErrInUse)
		}
		return fmt.Errorf("engine: lock: %w", err)
	}
	e.lock = f
	return nil
}

package searcheval

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ErrNoData reports that the shared data folder was not found.
var ErrNoData = errors.New("searcheval: shared data not found")

// DataDir finds the shared data folder: it walks up from the working
// directory to the folder holding go.mod and returns ../shared/data from
// there.
func DataDir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("searcheval: data dir: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			data := filepath.Join(dir, "..", "shared", "data")
			if st, err := os.Stat(data); err == nil && st.IsDir() {
				return filepath.Clean(data), nil
			}
			return "", fmt.Errorf("%w: no %s", ErrNoData, data)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("%w: no go.mod above the working directory", ErrNoData)
		}
		dir = parent
	}
}

// Dumps lists the Stack Exchange dump folders under the data folder.
func Dumps(dataDir string) ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(dataDir, "stackexchange"))
	if err != nil {
		return nil, fmt.Errorf("searcheval: dumps: %w", err)
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() {
			out = append(out, filepath.Join(dataDir, "stackexchange", e.Name()))
		}
	}
	return out, nil
}

//go:build !race

// Package race tells tests whether the race detector is on, so that time
// budgets can allow for the slowdown it brings.
package race

// Enabled is true when built with -race.
const Enabled = false

package race

import "time"

// Slowdown is how much slower code runs under the race detector, as a budget factor.
const Slowdown = 8

// Budget returns d, stretched when the race detector is on.
func Budget(d time.Duration) time.Duration {
	if Enabled {
		return d * Slowdown
	}
	return d
}

package app

import (
	"os"
	"runtime/debug"
)

// ServingGCPercent is the garbage collector's target for the stackdesk
// process unless GOGC says otherwise. Its live heap is small (tens of MiB; the
// search index is memory-mapped files, not heap) while every request, indexed
// document and imported row allocates, so Go's default of 100 spends a tenth
// of the CPU collecting; at 400 the heap may grow to five times the live data,
// a few hundred MiB at most, the load benchmark serves 10–30 % more requests
// and bulk indexing runs about 15 % faster.
const ServingGCPercent = 400

// TuneGC sets ServingGCPercent when the environment does not set GOGC.
func TuneGC() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(ServingGCPercent)
	}
}

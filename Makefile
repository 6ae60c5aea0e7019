# Stackdesk — the project's vocabulary. `make help` lists the targets.
GO      ?= go
BIN     := bin/stackdesk
PKGS    := ./...

.PHONY: help run build test test-short lint fuzz bench bench-load migrate reindex clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

build: ## build bin/stackdesk
	$(GO) build -o $(BIN) ./cmd/stackdesk

run: build ## migrate, seed the demo site on an empty database, serve on http://127.0.0.1:8080
	./$(BIN) serve --demo

# The race detector watches all of Stackdesk's code and the Go libraries it
# calls, but not two dependencies where it can find nothing and costs most:
# modernc.org's SQLite, C translated to Go whose memory comes from its own
# allocator outside the Go heap (the detector skips those addresses, yet every
# access still pays for the check, and for checkptr's on each pointer step),
# and bcrypt with its blowfish, which work on state no other goroutine sees.
# Instrumented, they took most of the CPU of the bad-input corpus tests
# (internal/api: 5 of them took 525 s of CPU with, 186 s without).
RACE_SKIP := -gcflags='modernc.org/...=-race=false' \
	-gcflags='golang.org/x/crypto/bcrypt=-race=false' -gcflags='golang.org/x/crypto/blowfish=-race=false'

test: ## every test, on PostgreSQL and SQLite, with the race detector
	$(GO) vet $(PKGS)
	$(GO) test -race $(RACE_SKIP) -count=1 -timeout 60m $(PKGS)

test-short: ## the tests without the race detector
	$(GO) test -count=1 $(PKGS)

lint: ## gofmt and go vet
	@test -z "$$(gofmt -l cmd internal templates static)" || (gofmt -l cmd internal templates static; exit 1)
	$(GO) vet $(PKGS)

fuzz: ## run each fuzz test for a minute
	$(GO) test -run XXX -fuzz FuzzRender -fuzztime 60s ./internal/markdown/
	$(GO) test -run XXX -fuzz FuzzToMarkdown -fuzztime 60s ./internal/markdown/
	$(GO) test -run XXX -fuzz FuzzParse -fuzztime 60s ./internal/search/
	$(GO) test -run XXX -fuzz FuzzDiffWords -fuzztime 60s ./internal/qa/
	$(GO) test -run XXX -fuzz FuzzJPEGOrientation -fuzztime 60s ./internal/uploads/
	$(GO) test -run XXX -fuzz FuzzDumpRows -fuzztime 60s ./internal/importer/
	$(GO) test -run XXX -fuzz FuzzTag -fuzztime 60s ./internal/text/
	$(GO) test -run XXX -fuzz FuzzCheck -fuzztime 60s ./internal/text/
	$(GO) test -run XXX -fuzz FuzzTagLine -fuzztime 60s ./internal/qa/
	$(GO) test -run XXX -fuzz FuzzUsername -fuzztime 60s ./internal/auth/
	$(GO) test -run XXX -fuzz FuzzMentions -fuzztime 60s ./internal/markdown/

bench: ## Go benchmarks (markdown, search, store)
	$(GO) test -run XXX -bench . -benchmem $(PKGS)

bench-load: build ## seed 100,000 posts into PostgreSQL and load-test the pages and API
	$(GO) run ./cmd/loadbench

migrate: build ## apply database migrations
	./$(BIN) migrate up

reindex: build ## rebuild the search index from the database
	./$(BIN) reindex

clean: ## remove build output and the local index (not the database)
	rm -rf bin
	find search-index -mindepth 1 ! -name README.md -exec rm -rf {} +

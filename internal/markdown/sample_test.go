package markdown

// samplePost is a realistic ~2 KB question body: prose, inline code, a
// fenced Go block, a table, a list and links.
const samplePost = "I'm building an internal service in **Go** and want to cache results of a slow " +
	"lookup. My first attempt uses a plain `map` guarded by a `sync.Mutex`, but under load " +
	"the lock shows up at the top of the profile.\n\n" +
	"```go\n" +
	"type Cache struct {\n" +
	"\tmu    sync.Mutex\n" +
	"\titems map[string]entry\n" +
	"}\n\n" +
	"func (c *Cache) Get(key string) (string, bool) {\n" +
	"\tc.mu.Lock()\n" +
	"\tdefer c.mu.Unlock()\n" +
	"\te, ok := c.items[key]\n" +
	"\tif !ok || time.Now().After(e.expires) {\n" +
	"\t\treturn \"\", false\n" +
	"\t}\n" +
	"\treturn e.value, true // hit\n" +
	"}\n\n" +
	"func (c *Cache) Set(key, value string, ttl time.Duration) {\n" +
	"\tc.mu.Lock()\n" +
	"\tc.items[key] = entry{value: value, expires: time.Now().Add(ttl)}\n" +
	"\tc.mu.Unlock()\n" +
	"}\n" +
	"```\n\n" +
	"Benchmarks on my laptop (`go test -bench . -cpu 1,8`):\n\n" +
	"| Variant | 1 CPU | 8 CPUs | Allocs |\n" +
	"|:--------|------:|-------:|-------:|\n" +
	"| Mutex | 41 ns | 310 ns | 0 |\n" +
	"| RWMutex | 44 ns | 180 ns | 0 |\n" +
	"| sync.Map | 58 ns | 22 ns | 1 |\n" +
	"| Sharded (16) | 43 ns | 35 ns | 0 |\n" +
	"| Sharded (64) | 43 ns | 29 ns | 0 |\n\n" +
	"Things I have tried so far:\n\n" +
	"- [x] switching to `sync.RWMutex` (helps a bit)\n" +
	"- [x] sharding the map by `fnv32(key) % 16`\n" +
	"- [ ] `sync.Map`, which the docs say is for *append-only* workloads\n\n" +
	"> The Map type is optimized for two common use cases: (1) when the entry for a given " +
	"key is only ever written once but read many times...\n\n" +
	"See https://pkg.go.dev/sync#Map and the [design notes](/questions/1234/cache-design) " +
	"from our platform team. ~~I also looked at groupcache~~ but it is overkill here.\n\n" +
	"Which approach would you recommend for a read-heavy cache with ~10k keys and a TTL " +
	"of 30 seconds? Is there a better pattern than sharding?\n\n" +
	"**Edit:** as asked in the comments, this runs on Go 1.26 with `GOMAXPROCS=8`, and the " +
	"values are small JSON documents (under 1 KB). Misses are rare after warm-up, so I care " +
	"mostly about the read path. I can't add *external* dependencies without a security " +
	"review, so the standard library (or something we vendor) is preferred.\n"

package storetest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver for the admin connection
)

// pgServer is a PostgreSQL server on which the harness creates databases.
type pgServer struct {
	url     string  // admin URL, database "postgres"
	admin   *sql.DB // admin connection
	tmpl    string  // migrated template database
	cluster string  // data directory of a cluster this process started, if any
	pool    *pgPool // databases made ahead, when the package's TestMain runs Main
	mu      sync.Mutex
}

var (
	srvOnce sync.Once
	srv     *pgServer
	srvErr  error
)

// defaultPostgresURL is the server a developer machine runs.
const defaultPostgresURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// server finds or starts the PostgreSQL server, once per test process.
func server() (*pgServer, error) {
	srvOnce.Do(func() {
		srv, srvErr = findServer()
		if srvErr == nil {
			srvErr = srv.prepareTemplate()
		}
		if srvErr == nil && inMain.Load() {
			srv.pool = newPool(srv)
		}
	})
	return srv, srvErr
}

func findServer() (*pgServer, error) {
	if u := os.Getenv("STACKDESK_TEST_DATABASE_URL"); u != "" {
		return connect(u)
	}
	if os.Getenv("STACKDESK_TEST_PG") != "cluster" {
		if s, err := connect(defaultPostgresURL); err == nil {
			return s, nil
		}
	}
	return startCluster()
}

func connect(u string) (*pgServer, error) {
	db, err := sql.Open("pgx", u)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect %s: %w", u, err)
	}
	return &pgServer{url: u, admin: db}, nil
}

func (s *pgServer) prepareTemplate() error {
	s.tmpl = "sdt_tmpl_" + randomHex(6)
	if _, err := s.admin.Exec("CREATE DATABASE " + s.tmpl); err != nil {
		return fmt.Errorf("create template: %w", err)
	}
	return migrateURL(withDatabase(s.url, s.tmpl))
}

func (s *pgServer) createFromTemplate(name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err := s.admin.Exec(fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s", name, s.tmpl))
	return err
}

// spares is how many databases the pool keeps made ahead, and how many it
// makes or drops at once: one for each of the two tests that run at once on
// a two-core machine, which made and dropped their own before.
const spares = 2

// pgPool makes test databases from the template ahead of the tests that take
// them, and drops used ones, beside the tests: making and dropping a
// database waits on the server's disk for a second or more each, time the
// tests now spend on their own work instead.
type pgPool struct {
	s     *pgServer
	ready chan spare    // databases made ahead
	wake  chan struct{} // a spare was taken: make another
	drops chan string   // databases to drop
	stop  chan struct{}
	wg    sync.WaitGroup
	mu    sync.Mutex
	ahead int // databases in ready or being made
}

type spare struct {
	name string
	err  error
}

func newPool(s *pgServer) *pgPool {
	p := &pgPool{s: s, ready: make(chan spare, spares), wake: make(chan struct{}, 1),
		drops: make(chan string, 10000), stop: make(chan struct{})}
	for range spares {
		p.wg.Add(1)
		go p.run()
	}
	return p
}

// take returns a fresh database made from the template.
func (p *pgPool) take() (string, error) {
	sp := <-p.ready
	p.mu.Lock()
	p.ahead--
	p.mu.Unlock()
	select {
	case p.wake <- struct{}{}:
	default:
	}
	return sp.name, sp.err
}

// release drops a database later, beside the tests.
func (p *pgPool) release(name string) { p.drops <- name }

func (p *pgPool) run() {
	defer p.wg.Done()
	for {
		// Making spares comes first: tests wait for them, not for drops.
		p.mu.Lock()
		more := p.ahead < spares
		if more {
			p.ahead++
		}
		p.mu.Unlock()
		if more {
			name := "sdt_" + randomHex(6)
			err := p.s.createFromTemplate(name)
			p.ready <- spare{name: name, err: err} // room kept: ahead counted it
			continue
		}
		select {
		case name := <-p.drops:
			p.s.drop(name)
		case <-p.wake:
		case <-p.stop:
			return
		}
	}
}

// close drops the spares no test took and every database released so far.
func (p *pgPool) close() {
	close(p.stop)
	p.wg.Wait()
	for len(p.ready) > 0 {
		if sp := <-p.ready; sp.err == nil {
			p.s.drop(sp.name)
		}
	}
	for len(p.drops) > 0 {
		p.s.drop(<-p.drops)
	}
}

func (s *pgServer) drop(name string) {
	s.admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
}

func (s *pgServer) close() {
	if s.pool != nil {
		s.pool.close()
	}
	if s.tmpl != "" {
		s.drop(s.tmpl)
	}
	s.admin.Close()
	if s.cluster != "" {
		pgCtl, _ := pgBinary("pg_ctl")
		cmd := exec.Command(pgCtl, "-D", s.cluster, "-m", "immediate", "stop")
		asPostgresUser(cmd)
		cmd.Run()
		os.RemoveAll(filepath.Dir(s.cluster))
	}
}

// startCluster runs initdb and pg_ctl from the local PostgreSQL installation
// into a temporary directory, on a free port. As root, it runs them as the
// postgres system user, since PostgreSQL refuses to run as root.
func startCluster() (*pgServer, error) {
	initdb, err := pgBinary("initdb")
	if err != nil {
		return nil, err
	}
	pgCtl, err := pgBinary("pg_ctl")
	if err != nil {
		return nil, err
	}
	root, err := os.MkdirTemp("", "stackdesk-pg-")
	if err != nil {
		return nil, err
	}
	data := filepath.Join(root, "data")
	if err := os.Mkdir(data, 0o700); err != nil {
		return nil, err
	}
	if err := chownToPostgres(root, data); err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(initdb, "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")
	asPostgresUser(cmd)
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("initdb: %v: %s", err, out)
	}
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=300", port, root)
	cmd = exec.Command(pgCtl, "-D", data, "-o", opts, "-l", filepath.Join(root, "log"), "-w", "-t", "60", "start")
	asPostgresUser(cmd)
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("pg_ctl start: %v: %s", err, out)
	}
	s, err := connect(fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port))
	if err != nil {
		return nil, err
	}
	s.cluster = data
	return s, nil
}

// pgBinary finds a PostgreSQL program on PATH or in Debian's versioned folders.
func pgBinary(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
	if len(matches) == 0 {
		return "", fmt.Errorf("%s not found on PATH or in /usr/lib/postgresql/*/bin", name)
	}
	sort.Strings(matches)
	return matches[len(matches)-1], nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func postgresIDs() (uid, gid int, ok bool) {
	if os.Geteuid() != 0 {
		return 0, 0, false
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return 0, 0, false
	}
	uid, _ = strconv.Atoi(u.Uid)
	gid, _ = strconv.Atoi(u.Gid)
	return uid, gid, true
}

func chownToPostgres(paths ...string) error {
	if os.Geteuid() != 0 {
		return nil
	}
	uid, gid, ok := postgresIDs()
	if !ok {
		return errors.New("running as root and no postgres user to run the cluster as")
	}
	for _, p := range paths {
		if err := os.Chown(p, uid, gid); err != nil {
			return err
		}
	}
	return nil
}

func asPostgresUser(cmd *exec.Cmd) {
	if uid, gid, ok := postgresIDs(); ok {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
	}
}

package main

import (
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"studio/database"
)

// devMode reports whether the studio runs in development mode: the --dev
// flag, or STUDIO_ENV=development.
func devMode(flag bool, e *env) bool {
	return flag || strings.EqualFold(e.getenv("STUDIO_ENV"), "development")
}

// pushAllowed decides from the address alone, before anything connects,
// whether push may change the schema of t: only in development mode, and
// only on this machine (a SQLite file, or PostgreSQL on a loopback address
// or a Unix socket) unless allowHost names exactly the remote host. Every
// host PostgreSQL may try counts, fallbacks of a multi-host address too.
// It does no I/O beyond what parsing an address does.
func pushAllowed(dev bool, t database.Target, allowHost string) error {
	if !dev {
		return errors.New("push changes the database schema directly and runs only in development mode: pass --dev or set STUDIO_ENV=development")
	}
	for _, h := range pushHosts(t) {
		if localHost(h) || (allowHost != "" && strings.EqualFold(allowHost, h)) {
			continue
		}
		if allowHost != "" {
			return fmt.Errorf("refusing to push to %s: --allow-remote-push=%s does not name its host %q", t, allowHost, h)
		}
		return fmt.Errorf("refusing to push to %s: host %q is not this machine (push changes only a SQLite file or PostgreSQL on a loopback address or Unix socket); if it really is a development database, pass --allow-remote-push=%s", t, h, h)
	}
	return nil
}

// pushHosts lists every host a PostgreSQL address may connect to; none
// for SQLite.
func pushHosts(t database.Target) []string {
	if t.Dialect != database.Postgres {
		return nil
	}
	cfg, err := pgconn.ParseConfig(t.ConnString)
	if err != nil {
		return []string{t.Host}
	}
	hosts := []string{cfg.Host}
	for _, fb := range cfg.Fallbacks {
		hosts = append(hosts, fb.Host)
	}
	return hosts
}

// localHost is a Unix socket directory, "localhost" or a loopback IP
// address. A name that merely starts with "127." is not an address.
func localHost(h string) bool {
	if strings.HasPrefix(h, "/") || strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.TrimSuffix(strings.TrimPrefix(h, "["), "]"))
	return ip != nil && ip.IsLoopback()
}

package plan

import (
	"errors"
	"fmt"
	"strings"

	"studio/database"
)

// ErrNotLocal is returned by Guard for a database that is not on this
// machine.
var ErrNotLocal = errors.New("push only changes a database on this machine")

// Guard allows push only onto a local database — a SQLite file, or
// PostgreSQL whose every host (fallbacks of a multi-host address too) is a
// loopback address, a Unix socket or localhost — except a host that
// allowHost names exactly. It reads the address only, so it refuses before
// anything connects. Dev mode is the caller's to check.
func Guard(t database.Target, allowHost string) error {
	if t.Dialect != database.Postgres {
		return nil
	}
	hosts := t.Hosts
	if len(hosts) == 0 {
		hosts = []string{t.Host}
	}
	for _, h := range hosts {
		if database.LocalHost(h) || (allowHost != "" && strings.EqualFold(allowHost, h)) {
			continue
		}
		if allowHost != "" {
			return fmt.Errorf("%w: refusing to push to %s: --allow-remote-push=%s does not name its host %q", ErrNotLocal, t, allowHost, h)
		}
		return fmt.Errorf("%w: refusing to push to %s: host %q is not this machine (push changes only a SQLite file or PostgreSQL on a loopback address or Unix socket); if it really is a development database, pass --allow-remote-push=%s", ErrNotLocal, t, h, h)
	}
	return nil
}

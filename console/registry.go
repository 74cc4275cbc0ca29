package console

import (
	"fmt"
	"sync"
	"time"

	"studio/input"
)

// run is one running statement as the registry sees it. Its mutex orders
// a cancel against the end of the statement: once finish has returned, no
// cancel reaches the database, so a late PostgreSQL cancel request cannot
// hit the ROLLBACK or COMMIT that follows.
type run struct {
	mu        sync.Mutex
	stop      func()
	done      bool
	cancelled bool
}

func newRun(stop func()) *run { return &run{stop: stop} }

// restopEvery is how often a cancelled run is stopped again until it
// ends. PostgreSQL ignores a cancel request that reaches a backend between
// two statements of the run (it cancels only what is executing), so one
// request can miss; repeating it catches the next statement.
const restopEvery = 250 * time.Millisecond

// cancel stops the statement unless it has finished, and keeps stopping
// it until it does; it reports whether the run was still going.
func (rn *run) cancel() bool {
	if !rn.stopOnce() {
		return false
	}
	go func() {
		for {
			time.Sleep(restopEvery)
			if !rn.stopOnce() {
				return
			}
		}
	}()
	return true
}

// stopOnce stops the statement once unless the run has finished.
func (rn *run) stopOnce() bool {
	rn.mu.Lock()
	defer rn.mu.Unlock()
	if rn.done {
		return false
	}
	rn.cancelled = true
	rn.stop()
	return true
}

// finish marks the statement over and reports whether it was cancelled.
func (rn *run) finish() bool {
	rn.mu.Lock()
	defer rn.mu.Unlock()
	rn.done = true
	return rn.cancelled
}

// track registers a run under id so Cancel can find it; release finishes
// the run (no stop reaches it afterwards) and removes it. An empty id registers nothing (the run cannot be cancelled), and an
// id already running is refused so one click cannot cancel two runs.
func (r *Runner) track(id string, stop func()) (*run, func(), error) {
	rn := newRun(stop)
	if id == "" {
		return rn, func() { rn.finish() }, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, busy := r.running[id]; busy {
		return nil, nil, fmt.Errorf("%w: run id %q is already running", input.ErrBad, id)
	}
	r.running[id] = rn
	return rn, func() {
		rn.finish()
		r.mu.Lock()
		delete(r.running, id)
		r.mu.Unlock()
	}, nil
}

// Cancel stops the statement running under id. It reports false when no
// such statement is running (it may just have finished).
func (r *Runner) Cancel(id string) bool {
	r.mu.Lock()
	rn := r.running[id]
	r.mu.Unlock()
	return rn != nil && rn.cancel()
}

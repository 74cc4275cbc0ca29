package export

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"studio/input"
)

// ErrRegistryFull is returned by Start when every slot holds a running
// export.
var ErrRegistryFull = errors.New("too many exports are running to track another one")

// Status is what a progress poll reports.
type Status struct {
	Rows  int64  `json:"rows"`
	Done  bool   `json:"done"`
	Error string `json:"error"`
}

// Registry tracks running exports by an id the page chose, so the page can
// poll their progress. It holds at most size entries; finished ones are
// forgotten keep after they end (or sooner, oldest first, when a new
// export needs the slot). Running ones stay until they finish, which their
// own timeout bounds. It is safe for concurrent use.
type Registry struct {
	mu   sync.Mutex
	jobs map[string]*Job
	size int
	keep time.Duration
}

// NewRegistry returns an empty registry of size entries.
func NewRegistry(size int, keep time.Duration) *Registry {
	return &Registry{jobs: map[string]*Job{}, size: max(size, 1), keep: keep}
}

// Job is one tracked export. Its methods are safe for concurrent use; a
// nil *Job ignores them, so untracked exports need no special case.
type Job struct {
	rows  atomic.Int64
	mu    sync.Mutex
	done  bool
	err   string
	ended time.Time
}

// CheckID reports whether id is a usable progress id: 8 to 32 ASCII
// letters and digits. A bad id wraps input.ErrBad.
func CheckID(id string) error {
	ok := len(id) >= 8 && len(id) <= 32
	for i := 0; ok && i < len(id); i++ {
		c := id[i]
		ok = c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
	}
	if !ok {
		return fmt.Errorf("%w: a progress id is 8 to 32 letters and digits", input.ErrBad)
	}
	return nil
}

// Start registers a running export under id. A bad id or one held by a
// running export wraps input.ErrBad; a registry full of running
// exports returns ErrRegistryFull.
func (r *Registry) Start(id string) (*Job, error) {
	if err := CheckID(id); err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	now := time.Now()
	r.expire(now)
	if j, ok := r.jobs[id]; ok {
		if !j.finished() {
			return nil, fmt.Errorf("%w: progress id %s is in use by a running export", input.ErrBad, id)
		}
		delete(r.jobs, id)
	}
	if len(r.jobs) >= r.size && !r.dropOldestFinished() {
		return nil, ErrRegistryFull
	}
	j := &Job{}
	r.jobs[id] = j
	return j, nil
}

// Status reports the export registered under id; false when there is none
// (never started, or forgotten).
func (r *Registry) Status(id string) (Status, bool) {
	r.mu.Lock()
	r.expire(time.Now())
	j, ok := r.jobs[id]
	r.mu.Unlock()
	if !ok {
		return Status{}, false
	}
	return j.Status(), true
}

// expire forgets finished exports older than keep. Callers hold mu.
func (r *Registry) expire(now time.Time) {
	for id, j := range r.jobs {
		if end, ok := j.endedAt(); ok && now.Sub(end) >= r.keep {
			delete(r.jobs, id)
		}
	}
}

// dropOldestFinished frees one slot; false when all are running. Callers
// hold mu.
func (r *Registry) dropOldestFinished() bool {
	var oldest string
	var at time.Time
	for id, j := range r.jobs {
		if end, ok := j.endedAt(); ok && (oldest == "" || end.Before(at)) {
			oldest, at = id, end
		}
	}
	if oldest == "" {
		return false
	}
	delete(r.jobs, oldest)
	return true
}

// SetRows records how many rows have been written.
func (j *Job) SetRows(n int64) {
	if j != nil {
		j.rows.Store(n)
	}
}

// Finish marks the export ended after n rows; failure says why it stopped
// early ("" when it completed) and is what a poll shows.
func (j *Job) Finish(n int64, failure string) {
	if j == nil {
		return
	}
	j.rows.Store(n)
	j.mu.Lock()
	defer j.mu.Unlock()
	j.done, j.ended, j.err = true, time.Now(), failure
}

// Status is the job's progress now.
func (j *Job) Status() Status {
	j.mu.Lock()
	defer j.mu.Unlock()
	return Status{Rows: j.rows.Load(), Done: j.done, Error: j.err}
}

func (j *Job) finished() bool {
	_, ok := j.endedAt()
	return ok
}

func (j *Job) endedAt() (time.Time, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.ended, j.done
}

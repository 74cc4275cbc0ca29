package console

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"studio/database"
)

// HistoryFile is the history's file name in the persistent_data folder.
const HistoryFile = "console-history.json"

// HistorySize is how many statements the history keeps.
const HistorySize = 50

// Entry is one statement of the history.
type Entry struct {
	SQL     string           `json:"sql"`
	Dialect database.Dialect `json:"dialect"`
	At      time.Time        `json:"at"`
}

// History is the list of recent statements, newest first, kept in one
// JSON file readable by its owner only and replaced atomically (temp file
// and rename), so a crash never leaves half a file. Build it with
// NewHistory; it is safe for concurrent use.
type History struct {
	mu   sync.Mutex
	path string
}

// NewHistory keeps the history in path; an empty path keeps none (Add
// does nothing, List returns nothing).
func NewHistory(path string) *History { return &History{path: path} }

// Add puts e first. An earlier entry with the same SQL and dialect moves
// up instead of appearing twice; past HistorySize the oldest go. A file
// that does not parse is replaced.
func (h *History) Add(e Entry) error {
	if h.path == "" {
		return nil
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	old, err := h.read()
	if err != nil && !errors.Is(err, errBadHistory) {
		return err
	}
	list := []Entry{e}
	for _, o := range old {
		if len(list) == HistorySize {
			break
		}
		if o.SQL != e.SQL || o.Dialect != e.Dialect {
			list = append(list, o)
		}
	}
	return h.write(list)
}

// List returns the entries of one dialect ("" for all), newest first.
func (h *History) List(dialect database.Dialect) ([]Entry, error) {
	if h.path == "" {
		return nil, nil
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	all, err := h.read()
	if err != nil {
		return nil, err
	}
	var out []Entry
	for _, e := range all {
		if dialect == "" || e.Dialect == dialect {
			out = append(out, e)
		}
	}
	return out, nil
}

// errBadHistory is wrapped when the file exists but does not parse.
var errBadHistory = errors.New("console history does not parse")

// read returns the stored entries; none when the file does not exist.
func (h *History) read() ([]Entry, error) {
	b, err := os.ReadFile(h.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read console history: %w", err)
	}
	var list []Entry
	if err := json.Unmarshal(b, &list); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", errBadHistory, h.path, err)
	}
	return list, nil
}

// write replaces the file: a temp file (created 0600) in the same folder,
// synced, then renamed over the old one.
func (h *History) write(list []Entry) error {
	b, err := json.MarshalIndent(list, "", "  ")
	if err != nil {
		return fmt.Errorf("encode console history: %w", err)
	}
	dir := filepath.Dir(h.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(h.path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write console history: %w", err)
	}
	defer os.Remove(tmp.Name()) // after the rename there is nothing left to remove
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return fmt.Errorf("write console history: %w", err)
	}
	if err := errors.Join(tmp.Sync(), tmp.Close()); err != nil {
		return fmt.Errorf("write console history: %w", err)
	}
	if err := os.Rename(tmp.Name(), h.path); err != nil {
		return fmt.Errorf("write console history: %w", err)
	}
	return nil
}

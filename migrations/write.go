package migrations

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"studio/database"
)

// ErrNoStatements is returned by WriteNext when there is nothing to write.
var ErrNoStatements = errors.New("no statements to write")

// ErrBadName is returned by WriteNext for a migration name that has no
// letter or digit left once sanitised.
var ErrBadName = errors.New("bad migration name")

// breakpoint separates statements in a written file, as drizzle-kit
// writes it.
const breakpoint = "\n--> statement-breakpoint\n"

// Prefix is how a journal-layout migration file is named, drizzle-kit's
// `migrations.prefix` (prepareMigrationMetadata in drizzle-kit's
// utils/words.ts): the tag is PREFIX_name with PREFIX
//
//	index      the entry's idx, 4 digits at least: 0007_name (the default)
//	timestamp  UTC YYYYMMDDHHMMSS: 20240627123900_name
//	supabase   the same as timestamp
//	unix       Unix seconds: 1719481298_name
//	none       nothing, so the tag is _name (drizzle-kit keeps the "_")
type Prefix string

// The prefixes drizzle-kit knows.
const (
	PrefixIndex     Prefix = "index"
	PrefixTimestamp Prefix = "timestamp"
	PrefixSupabase  Prefix = "supabase"
	PrefixUnix      Prefix = "unix"
	PrefixNone      Prefix = "none"
)

// tag is the migration's tag (its file name without .sql).
func (p Prefix) tag(idx int, name string, now time.Time) (string, error) {
	var prefix string
	switch p {
	case PrefixIndex, "":
		prefix = fmt.Sprintf("%04d", idx)
	case PrefixTimestamp, PrefixSupabase:
		prefix = now.UTC().Format("20060102150405")
	case PrefixUnix:
		prefix = strconv.FormatInt(now.Unix(), 10)
	case PrefixNone:
	default:
		return "", fmt.Errorf("migrations.prefix %q is not one of index, timestamp, supabase, unix, none", string(p))
	}
	return prefix + "_" + name, nil
}

// WriteNext writes statements as the next migration of the folder at dir,
// in the folder's own layout, and returns the path of the SQL file it
// wrote. f is the folder as read from dir; for a folder that has no
// migrations yet, pass &Folder{Layout: LayoutJournal, Dialect: d} and the
// journal is created.
//
// Journal layout: the file is the tag prefix makes (see Prefix; "" is
// index: NNNN_name with NNNN the largest idx plus one) plus .sql, and an
// entry {idx, version, when, tag, breakpoints: true} is appended to
// meta/_journal.json, keeping the journal's key order and indentation. `when` is now in ms, or one more
// than the newest entry's when that is later, so Drizzle's migrator never
// skips it. Folders layout: YYYYMMDDHHMMSS_name/migration.sql with the
// UTC time of now, moved one second past the newest folder if needed.
//
// Each statement ends with ";" and they are joined by "--> statement-
// breakpoint" lines. name is lower-cased and reduced to [a-z0-9_]. Files
// are written to a temporary name and renamed; nothing is overwritten.
func WriteNext(dir string, f *Folder, name string, statements []string, now time.Time, prefix Prefix) (string, error) {
	name, err := sanitizeName(name)
	if err != nil {
		return "", err
	}
	content, err := joinStatements(statements)
	if err != nil {
		return "", err
	}
	switch f.Layout {
	case LayoutJournal:
		return writeJournalNext(dir, f, name, content, now, prefix)
	case LayoutFolders:
		return writeFolderNext(dir, f, name, content, now)
	}
	return "", fmt.Errorf("writing a migration: unknown layout %q", f.Layout)
}

// sanitizeName lower-cases name and turns every run of characters other
// than [a-z0-9] into one underscore.
func sanitizeName(name string) (string, error) {
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r)
			under = false
			continue
		}
		under = true
	}
	if b.Len() == 0 {
		return "", fmt.Errorf("%w: %q has no letters or digits", ErrBadName, name)
	}
	return b.String(), nil
}

// joinStatements is the file's text: each statement ends with ";",
// blank ones are dropped.
func joinStatements(statements []string) (string, error) {
	var parts []string
	for _, s := range statements {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if !strings.HasSuffix(s, ";") {
			s += ";"
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return "", ErrNoStatements
	}
	return strings.Join(parts, breakpoint), nil
}

// writeFolderNext writes the drizzle-kit 1.0 layout.
func writeFolderNext(dir string, f *Folder, name, content string, now time.Time) (string, error) {
	ts := now.UTC().Truncate(time.Second)
	var newest int64
	for _, m := range f.Migrations {
		newest = max(newest, m.CreatedAt)
	}
	if ts.UnixMilli() <= newest {
		ts = time.UnixMilli(newest).UTC().Truncate(time.Second).Add(time.Second)
	}
	folder := filepath.Join(dir, ts.Format("20060102150405")+"_"+name)
	if err := os.Mkdir(folder, 0o755); err != nil {
		return "", fmt.Errorf("writing the next migration: %w", err)
	}
	file := filepath.Join(folder, "migration.sql")
	if err := writeAtomic(file, []byte(content)); err != nil {
		os.Remove(folder)
		return "", err
	}
	return file, nil
}

// writeAtomic writes data to a temporary file next to path and renames it
// into place; an existing path is an error, never overwritten.
func writeAtomic(path string, data []byte) error {
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("writing %s: %w", path, fs.ErrExist)
	}
	return replaceAtomic(path, data)
}

// replaceAtomic writes data to a temporary file next to path and renames
// it over path.
func replaceAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// member is one key of a JSON object, kept in file order so a rewritten
// journal differs from the original only by the new entry.
type member struct {
	key string
	val json.RawMessage
}

// writeJournalNext writes NNNN_name.sql, then appends its journal entry.
func writeJournalNext(dir string, f *Folder, name, content string, now time.Time, prefix Prefix) (string, error) {
	jpath := filepath.Join(dir, "meta", "_journal.json")
	raw, err := os.ReadFile(jpath)
	if errors.Is(err, fs.ErrNotExist) {
		raw, err = newJournal(database.Dialect(f.Dialect))
	}
	if err != nil {
		return "", fmt.Errorf("writing the next migration: %w", err)
	}
	top, err := decodeObject(raw)
	if err != nil {
		return "", fmt.Errorf("reading %s: %w", jpath, err)
	}
	var entries []json.RawMessage
	at := memberIndex(top, "entries")
	if at < 0 {
		top, at = append(top, member{key: "entries"}), len(top)
	} else if err := json.Unmarshal(top[at].val, &entries); err != nil {
		return "", fmt.Errorf("reading %s: entries: %w", jpath, err)
	}
	entry, tag, err := nextEntry(entries, database.Dialect(f.Dialect), name, now, prefix)
	if err != nil {
		return "", fmt.Errorf("writing the next migration: %s: %w", jpath, err)
	}
	top[at].val = encodeArray(append(entries, entry))
	journal, err := encodeJournal(top, raw)
	if err != nil {
		return "", fmt.Errorf("writing %s: %w", jpath, err)
	}
	file := filepath.Join(dir, tag+".sql")
	if err := os.MkdirAll(filepath.Dir(jpath), 0o755); err != nil {
		return "", fmt.Errorf("writing the next migration: %w", err)
	}
	if err := writeAtomic(file, []byte(content)); err != nil {
		return "", err
	}
	// The SQL file goes first: a crash in between leaves a file the
	// journal does not list (never run), not an entry without its file.
	if err := replaceAtomic(jpath, journal); err != nil {
		os.Remove(file)
		return "", err
	}
	return file, nil
}

// newJournal is an empty journal as drizzle-kit starts one.
func newJournal(dialect database.Dialect) ([]byte, error) {
	spelled := database.DrizzleName(dialect)
	if spelled == "" {
		return nil, fmt.Errorf("a new journal needs the folder's dialect (sqlite or postgres), got %q", dialect)
	}
	return []byte(`{"version":"7","dialect":"` + spelled + `","entries":[]}`), nil
}

// nextEntry builds the journal entry after entries, in the key order of
// the last one, and returns it with its tag.
func nextEntry(entries []json.RawMessage, dialect database.Dialect, name string, now time.Time, prefix Prefix) (json.RawMessage, string, error) {
	idx, newest := 0, int64(0)
	version := map[database.Dialect]string{database.Postgres: "7", database.SQLite: "6"}[dialect]
	order := []string{"idx", "version", "when", "tag", "breakpoints"}
	tags := map[string]bool{}
	for i, raw := range entries {
		var e journalEntry
		if err := json.Unmarshal(raw, &e); err != nil {
			return nil, "", fmt.Errorf("entry %d: %w", i+1, err)
		}
		n, _ := jsonIntOr(e.Idx, i)
		idx = max(idx, n+1)
		if w, err := jsonInt(e.When); err == nil {
			newest = max(newest, w)
		}
		if e.Version != "" {
			version = e.Version
		}
		tags[e.Tag] = true
		if i == len(entries)-1 {
			order = entryOrder(raw, order)
		}
	}
	if version == "" {
		version = "7"
	}
	tag, err := prefix.tag(idx, name, now)
	if err != nil {
		return nil, "", err
	}
	if tags[tag] {
		return nil, "", fmt.Errorf("the journal already has an entry %q", tag)
	}
	when := max(now.UnixMilli(), newest+1)
	values := map[string]any{"idx": idx, "version": version, "when": when, "tag": tag, "breakpoints": true}
	var e []member
	for _, k := range order {
		v, _ := json.Marshal(values[k])
		e = append(e, member{key: k, val: v})
	}
	return encodeObject(e), tag, nil
}

// entryOrder is the order of the known keys in an existing entry; keys it
// lacks follow in drizzle-kit's order.
func entryOrder(raw json.RawMessage, def []string) []string {
	ms, err := decodeObject(raw)
	if err != nil {
		return def
	}
	var out []string
	for _, m := range ms {
		if slices.Contains(def, m.key) && !slices.Contains(out, m.key) {
			out = append(out, m.key)
		}
	}
	for _, k := range def {
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// decodeObject reads a JSON object's members in order.
func decodeObject(raw []byte) ([]member, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, errors.New("not a JSON object")
	}
	var out []member
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		out = append(out, member{key: key, val: v})
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("text after the JSON object")
	}
	return out, nil
}

func memberIndex(ms []member, key string) int {
	for i, m := range ms {
		if m.key == key {
			return i
		}
	}
	return -1
}

// encodeObject writes members as a compact JSON object.
func encodeObject(ms []member) json.RawMessage {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range ms {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(m.key)
		b.Write(k)
		b.WriteByte(':')
		b.Write(m.val)
	}
	b.WriteByte('}')
	return b.Bytes()
}

// encodeJournal indents the journal like the original (its first
// indentation, two spaces when it has none) and keeps its final newline.
func encodeJournal(top []member, original []byte) ([]byte, error) {
	var compact, out bytes.Buffer
	if err := json.Compact(&compact, encodeObject(top)); err != nil {
		return nil, err
	}
	if err := json.Indent(&out, compact.Bytes(), "", journalIndent(original)); err != nil {
		return nil, err
	}
	if bytes.HasSuffix(original, []byte("\n")) {
		out.WriteByte('\n')
	}
	return out.Bytes(), nil
}

// encodeArray writes values as a JSON array without re-escaping them.
func encodeArray(vs []json.RawMessage) json.RawMessage {
	b := []byte("[")
	for i, v := range vs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, v...)
	}
	return append(b, ']')
}

func journalIndent(raw []byte) string {
	if i := bytes.IndexByte(raw, '\n'); i >= 0 {
		rest := raw[i+1:]
		n := 0
		for n < len(rest) && (rest[n] == ' ' || rest[n] == '\t') {
			n++
		}
		if n > 0 {
			return string(rest[:n])
		}
	}
	return "  "
}

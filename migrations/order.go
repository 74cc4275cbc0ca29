package migrations

import (
	"fmt"
	"strings"
	"time"
)

// Cause says why a pending migration is out of order.
type Cause string

// Causes.
const (
	// CauseNotNewer (journal layout): its `when` is not later than the
	// newest created_at recorded. drizzle-orm's migrator runs only entries
	// newer than that, so it skips this one silently, on every run.
	CauseNotNewer Cause = "not-newer-than-recorded"
	// CauseBeforeApplied: an applied migration comes after it in run
	// order, so running it now gives an order no fresh database sees.
	CauseBeforeApplied Cause = "before-applied"
)

// What drizzle-orm's own migrator does with an out-of-order migration.
const (
	DrizzleSkips   = "skip"
	DrizzleApplies = "apply"
)

// OutOfOrderInfo explains an OutOfOrder migration: why, and what each
// tool would do with it.
type OutOfOrderInfo struct {
	Causes []Cause `json:"causes"`
	// Reason says why in one sentence.
	Reason string `json:"reason"`
	// NewestCreatedAt is the newest created_at recorded and NewestName
	// the migration it belongs to (empty when the folder lacks it): what
	// drizzle-orm compares `when` with (journal layout).
	NewestCreatedAt int64  `json:"newestCreatedAt,omitempty"`
	NewestName      string `json:"newestName,omitempty"`
	// AppliedAfter is the first applied migration after it in run order.
	AppliedAfter string `json:"appliedAfter,omitempty"`
	// Drizzle is what drizzle-orm's own migrator does with it
	// (DrizzleSkips or DrizzleApplies), DrizzleNote the same in words.
	Drizzle     string `json:"drizzle"`
	DrizzleNote string `json:"drizzleNote"`
	// Studio is what `studio migrate` and Apply do with it.
	Studio string `json:"studio"`
}

// orderCheck decides which pending migrations are out of order. Only a
// pending migration can be: whatever order a run applied the folder in
// (a fresh database applies a journal with non-increasing `when` in one
// run), what is recorded is never out of order, and with nothing
// recorded nothing is.
type orderCheck struct {
	f  *Folder
	mt matching
	// newest is the newest created_at recorded (0 without records),
	// newestName its migration.
	newest     int64
	newestName string
	hasRecords bool
	lastPaired int // index of the last recorded migration, -1 if none
}

func newOrderCheck(f *Folder, recs []Record, mt matching) orderCheck {
	o := orderCheck{f: f, mt: mt, hasRecords: len(recs) > 0, lastPaired: -1}
	for _, rec := range recs {
		o.newest = max(o.newest, rec.CreatedAt)
	}
	for i, rec := range mt.byFile {
		if rec == nil {
			continue
		}
		o.lastPaired = i
		if rec.CreatedAt == o.newest && o.newestName == "" {
			o.newestName = f.Migrations[i].Name
		}
	}
	return o
}

// check explains why the unrecorded migration i is out of order, or
// returns nil when it is simply pending.
func (o orderCheck) check(i int) *OutOfOrderInfo {
	if !o.hasRecords {
		return nil
	}
	m := o.f.Migrations[i]
	info := &OutOfOrderInfo{Drizzle: DrizzleApplies}
	var why []string
	if o.f.Layout == LayoutJournal && m.CreatedAt <= o.newest {
		info.Causes = append(info.Causes, CauseNotNewer)
		info.NewestCreatedAt, info.NewestName, info.Drizzle = o.newest, o.newestName, DrizzleSkips
		of := "a record this folder has no file for"
		if o.newestName != "" {
			of = o.newestName
		}
		why = append(why, fmt.Sprintf("its `when` %s is not later than the newest recorded created_at %d (%s, %s)",
			millis(m.CreatedAt), o.newest, utc(o.newest), of))
	}
	if i < o.lastPaired {
		info.Causes = append(info.Causes, CauseBeforeApplied)
		info.AppliedAfter = o.appliedAfter(i)
		why = append(why, fmt.Sprintf("%s, which comes after it in run order, is already applied", info.AppliedAfter))
	}
	if len(info.Causes) == 0 {
		return nil
	}
	info.Reason = strings.Join(why, "; ")
	info.DrizzleNote, info.Studio = o.notes(info)
	return info
}

func (o orderCheck) appliedAfter(i int) string {
	for j := i + 1; j < len(o.mt.byFile); j++ {
		if o.mt.byFile[j] != nil {
			return o.f.Migrations[j].Name
		}
	}
	return ""
}

// notes say what drizzle-orm's migrator and studio do with it.
func (o orderCheck) notes(info *OutOfOrderInfo) (drizzle, studio string) {
	studio = "studio migrate refuses to run while it is out of order (nothing is applied); " +
		"with --allow-out-of-order it applies it in folder order and records it as drizzle-orm would"
	switch {
	case info.Drizzle == DrizzleSkips:
		drizzle = "drizzle-orm's migrator skips it silently, on every run: it only runs journal entries whose `when` is later than the newest recorded created_at"
	case o.f.Layout == LayoutFolders:
		drizzle = "drizzle-orm 1.0's migrator applies it on its next run (it runs every folder whose name is not recorded), after the migrations that follow it"
	default:
		drizzle = "drizzle-orm's migrator applies it on its next run (its `when` is later than the newest recorded created_at), after the migrations that follow it"
	}
	return drizzle, studio
}

// millis formats a created_at for messages: the number, then the time.
func millis(ms int64) string { return fmt.Sprintf("%d (%s)", ms, utc(ms)) }

func utc(ms int64) string { return time.UnixMilli(ms).UTC().Format("2006-01-02 15:04:05.000Z") }

package migrations

import (
	"errors"
	"strings"
	"testing"
)

func TestBuildReportMatching(t *testing.T) {
	mig := func(name string, at int64, hash string) *Migration {
		return &Migration{Name: name, CreatedAt: at, Hash: hash}
	}
	rec := func(at int64, hash, name string) Record { return Record{CreatedAt: at, Hash: hash, Name: name} }
	journal := []*Migration{mig("a", 100, "ha"), mig("b", 200, "hb"), mig("c", 300, "hc")}
	tests := []struct {
		name   string
		layout Layout
		ms     []*Migration
		recs   []Record
		want   string
	}{
		{"fresh", LayoutJournal, journal, nil, "a=pending b=pending c=pending"},
		{"in sync", LayoutJournal, journal, []Record{rec(100, "ha", ""), rec(200, "hb", ""), rec(300, "hc", "")},
			"a=applied b=applied c=applied"},
		{"edited file is modified, not pending plus missing", LayoutJournal, journal, []Record{rec(100, "ha", ""), rec(200, "OLD", "")},
			"a=applied b=modified c=pending"},
		{"record without file is missing, in time order", LayoutJournal, journal, []Record{rec(100, "ha", ""), rec(150, "hx", ""), rec(200, "hb", "")},
			"a=applied (created_at 150)=missing b=applied c=pending"},
		{"late merge with an older when is out of order", LayoutJournal, journal, []Record{rec(100, "ha", ""), rec(300, "hc", "")},
			"a=applied b=out-of-order c=applied"},
		{"same when: hash decides, then position", LayoutJournal,
			[]*Migration{mig("x", 500, "h1"), mig("y", 500, "h2"), mig("z", 500, "h3")},
			[]Record{rec(500, "h3", ""), rec(500, "EDITED", "")},
			"x=modified y=out-of-order z=applied"},
		{"a migration applied twice is a duplicate, not missing", LayoutJournal, journal,
			[]Record{rec(100, "ha", ""), rec(100, "ha", "")}, "a=applied b=pending c=pending"},
		{"non-monotonic journal applied in journal order", LayoutJournal,
			[]*Migration{mig("0000", 900, "h0"), mig("0001", 800, "h1"), mig("0002", 950, "h2")},
			[]Record{rec(900, "h0", ""), rec(800, "h1", "")},
			"0000=applied 0001=applied 0002=pending"},
		{"late merge listed last with an older when is out of order (issue 10)", LayoutJournal,
			[]*Migration{mig("0000", 228, "h0"), mig("0001", 698, "h1"), mig("0002", 500, "h2")},
			[]Record{rec(228, "h0", ""), rec(698, "h1", "")},
			"0000=applied 0001=applied 0002=out-of-order"},
		{"when equal to the newest record is out of order", LayoutJournal,
			[]*Migration{mig("0000", 100, "h0"), mig("0001", 200, "h1"), mig("0002", 200, "h2")},
			[]Record{rec(100, "h0", ""), rec(200, "h1", "")},
			"0000=applied 0001=applied 0002=out-of-order"},
		{"nothing recorded: a non-monotonic journal is all pending", LayoutJournal,
			[]*Migration{mig("0000", 900, "h0"), mig("0001", 800, "h1"), mig("0002", 800, "h2")},
			nil, "0000=pending 0001=pending 0002=pending"},
		{"older than a record without a file is out of order", LayoutJournal,
			[]*Migration{mig("0000", 100, "h0"), mig("0001", 200, "h1")},
			[]Record{rec(100, "h0", ""), rec(300, "hx", "")},
			"0000=applied 0001=out-of-order (created_at 300)=missing"},
		{"folders: same timestamp as the newest record, after it by name, is pending", LayoutFolders,
			[]*Migration{mig("20230101000000_a", 1_672_531_200_000, "ha"), mig("20230101000000_b", 1_672_531_200_000, "hb")},
			[]Record{rec(1_672_531_200_000, "ha", "20230101000000_a")},
			"20230101000000_a=applied 20230101000000_b=pending"},
		{"folders: by name", LayoutFolders,
			[]*Migration{mig("20230101000000_a", 1_672_531_200_000, "ha"), mig("20230101000000_b", 1_672_531_200_000, "hb")},
			[]Record{rec(1_672_531_200_000, "hb", "20230101000000_b")},
			"20230101000000_a=out-of-order 20230101000000_b=applied"},
		{"folders: unknown name is missing", LayoutFolders,
			[]*Migration{mig("20230101000000_a", 1_672_531_200_000, "ha")},
			[]Record{rec(1_672_531_200_000, "ha", "20230101000000_a"), rec(1_700_000_000_000, "hz", "20231114221320_gone")},
			"20230101000000_a=applied 20231114221320_gone=missing"},
		{"folders: 0.x records match by second, then hash", LayoutFolders,
			[]*Migration{mig("20230101000000_a", 1_672_531_200_000, "ha"), mig("20230101000000_b", 1_672_531_200_000, "hb"), mig("20230101000001_c", 1_672_531_201_000, "hc")},
			[]Record{rec(1_672_531_200_123, "hb", ""), rec(1_672_531_201_999, "changed", "")},
			"20230101000000_a=out-of-order 20230101000000_b=applied 20230101000001_c=modified"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := &Folder{Layout: tc.layout, Migrations: tc.ms}
			rep := buildReport(f, &history{exists: true, records: tc.recs}, Config{Table: DefaultTable}, "sqlite")
			if got := states(rep); got != tc.want {
				t.Fatalf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestOutOfOrderSaysWhyAndWhatEachToolDoes(t *testing.T) {
	mig := func(name string, at int64) *Migration {
		return &Migration{Name: name, File: name + ".sql", CreatedAt: at, Hash: "h" + name}
	}
	rec := func(at int64, name string) Record { return Record{CreatedAt: at, Hash: "h" + name, Name: name} }
	tests := []struct {
		name    string
		layout  Layout
		ms      []*Migration
		recs    []Record
		late    string // the out-of-order migration
		causes  string
		drizzle string
		reason  []string
	}{
		{"late merge listed last", LayoutJournal,
			[]*Migration{mig("0000_a", 1_700_000_000_228), mig("0001_b", 1_700_000_000_698), mig("0002_late", 1_700_000_000_500)},
			[]Record{rec(1_700_000_000_228, "0000_a"), rec(1_700_000_000_698, "0001_b")},
			"0002_late", "not-newer-than-recorded", DrizzleSkips,
			[]string{"its `when` 1700000000500 (2023-11-14 22:13:20.500Z) is not later than the newest recorded created_at 1700000000698 (2023-11-14 22:13:20.698Z, 0001_b)"}},
		{"late merge in its journal place", LayoutJournal,
			[]*Migration{mig("0000_a", 100), mig("0001_late", 150), mig("0002_b", 200)},
			[]Record{rec(100, "0000_a"), rec(200, "0002_b")},
			"0001_late", "not-newer-than-recorded,before-applied", DrizzleSkips,
			[]string{"not later than the newest recorded created_at 200", "0002_b, which comes after it in run order, is already applied"}},
		{"before an applied one but newer than every record", LayoutJournal,
			[]*Migration{mig("0000_a", 100), mig("0001_late", 300), mig("0002_b", 200)},
			[]Record{rec(100, "0000_a"), rec(200, "0002_b")},
			"0001_late", "before-applied", DrizzleApplies,
			[]string{"0002_b, which comes after it in run order, is already applied"}},
		{"folders: before an applied one", LayoutFolders,
			[]*Migration{mig("20240101000000_a", 1_704_067_200_000), mig("20240101000001_late", 1_704_067_201_000), mig("20240101000002_b", 1_704_067_202_000)},
			[]Record{rec(1_704_067_200_000, "20240101000000_a"), rec(1_704_067_202_000, "20240101000002_b")},
			"20240101000001_late", "before-applied", DrizzleApplies,
			[]string{"20240101000002_b, which comes after it in run order, is already applied"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := &Folder{Layout: tc.layout, Migrations: tc.ms}
			rep := buildReport(f, &history{exists: true, records: tc.recs}, Config{}, "sqlite")
			var late *MigrationStatus
			for i, m := range rep.Migrations {
				if m.State == OutOfOrder {
					if late != nil {
						t.Fatalf("two out of order: %s", states(rep))
					}
					late = &rep.Migrations[i]
				}
			}
			if late == nil || late.Name != tc.late || late.OutOfOrder == nil {
				t.Fatalf("states %s", states(rep))
			}
			info := late.OutOfOrder
			var causes []string
			for _, c := range info.Causes {
				causes = append(causes, string(c))
			}
			if strings.Join(causes, ",") != tc.causes || info.Drizzle != tc.drizzle || late.SkippedByDrizzle != (tc.drizzle == DrizzleSkips) {
				t.Fatalf("causes %v, drizzle %s, skipped %v", causes, info.Drizzle, late.SkippedByDrizzle)
			}
			for _, want := range tc.reason {
				if !strings.Contains(info.Reason, want) {
					t.Errorf("reason lacks %q:\n%s", want, info.Reason)
				}
			}
			wantDrizzle := map[string]string{DrizzleSkips: "skips it silently, on every run", DrizzleApplies: "applies it on its next run"}[tc.drizzle]
			if !strings.Contains(info.DrizzleNote, wantDrizzle) || !strings.Contains(info.Studio, "--allow-out-of-order") {
				t.Errorf("notes: drizzle %q, studio %q", info.DrizzleNote, info.Studio)
			}
			if tc.layout == LayoutFolders && !strings.Contains(info.DrizzleNote, "drizzle-orm 1.0") {
				t.Errorf("folders layout note does not speak of drizzle-orm 1.0: %q", info.DrizzleNote)
			}
			err := rep.CheckDrift(ApplyOptions{})
			var de *DriftError
			if !errors.As(err, &de) || !errors.Is(err, ErrOutOfOrder) || len(de.OutOfOrder) != 1 ||
				!strings.Contains(err.Error(), tc.late+".sql: "+info.Reason) || !strings.Contains(err.Error(), "--allow-out-of-order") {
				t.Fatalf("CheckDrift: %v", err)
			}
			if err := rep.CheckDrift(ApplyOptions{AllowOutOfOrder: true}); err != nil {
				t.Fatalf("allowed: %v", err)
			}
		})
	}
}

package migrations

import (
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

func TestReportFlagsWhatDrizzleWouldSkip(t *testing.T) {
	f := &Folder{Layout: LayoutJournal, Migrations: []*Migration{
		{Name: "a", CreatedAt: 900, Hash: "ha"}, {Name: "b", CreatedAt: 800, Hash: "hb"}, {Name: "c", CreatedAt: 1000, Hash: "hc"},
	}}
	rep := buildReport(f, &history{exists: true, records: []Record{{CreatedAt: 900, Hash: "ha"}}}, Config{}, "sqlite")
	var skipped []string
	for _, m := range rep.Migrations {
		if m.SkippedByDrizzle {
			skipped = append(skipped, m.Name)
		}
	}
	if strings.Join(skipped, ",") != "b" || rep.Migrations[1].State != Pending {
		t.Fatalf("skipped %v, states %s", skipped, states(rep))
	}
	if rep.Migrations[0].Duplicates != 0 {
		t.Fatal("no duplicates expected")
	}
}

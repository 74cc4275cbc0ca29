package migrations

// matching pairs history records with migration files.
//
// Journal layout: a record belongs to a file with the same created_at
// (the journal's `when`, which is what Drizzle records). Within one
// created_at, records first pair with files of the same hash, then the
// rest pair in order (records in insertion order, files in journal order)
// and show as modified: so an edited file is "modified", not "pending"
// plus "missing". A leftover record whose hash repeats an already paired
// record of the same created_at is a duplicate (the migration was applied
// twice); other leftovers are "missing".
//
// Folders layout: records pair by name, as drizzle-orm 1.0 decides what is
// pending; a name seen again is a duplicate. Records without a name (a 0.x
// table not yet upgraded) pair the way drizzle-orm 1.0's upgrade does:
// created_at truncated to the second, hash to break ties, hash alone when
// no timestamp fits.
type matching struct {
	// byFile[i] is the record paired with folder migration i, or nil.
	byFile     []*Record
	missing    []*Record
	duplicates map[int]int // file index -> extra records
}

func matchRecords(f *Folder, recs []Record) matching {
	mt := matching{byFile: make([]*Record, len(f.Migrations)), duplicates: map[int]int{}}
	if f.Layout == LayoutFolders {
		mt.matchNames(f, recs)
	} else {
		mt.matchJournal(f, recs)
	}
	return mt
}

func (mt *matching) matchJournal(f *Folder, recs []Record) {
	files := map[int64][]int{}
	for i, m := range f.Migrations {
		files[m.CreatedAt] = append(files[m.CreatedAt], i)
	}
	groups := map[int64][]*Record{}
	var order []int64
	for i := range recs {
		r := &recs[i]
		if _, ok := groups[r.CreatedAt]; !ok {
			order = append(order, r.CreatedAt)
		}
		groups[r.CreatedAt] = append(groups[r.CreatedAt], r)
	}
	for _, at := range order {
		mt.matchGroup(f, files[at], groups[at])
	}
}

// matchGroup pairs the records and files sharing one created_at.
func (mt *matching) matchGroup(f *Folder, idx []int, recs []*Record) {
	var left []*Record
	for _, r := range recs {
		if i := mt.free(f, idx, r.Hash); i >= 0 {
			mt.byFile[i] = r
		} else {
			left = append(left, r)
		}
	}
	var rest []*Record
	for _, r := range left {
		if i := mt.pairedWithHash(f, idx, r.Hash); i >= 0 {
			mt.duplicates[i]++
			continue
		}
		rest = append(rest, r)
	}
	for _, r := range rest {
		if i := mt.free(f, idx, ""); i >= 0 {
			mt.byFile[i] = r
		} else {
			mt.missing = append(mt.missing, r)
		}
	}
}

// free is the first unpaired file of idx with the hash (any hash if "").
func (mt *matching) free(f *Folder, idx []int, hash string) int {
	for _, i := range idx {
		if mt.byFile[i] == nil && (hash == "" || f.Migrations[i].Hash == hash) {
			return i
		}
	}
	return -1
}

// pairedWithHash is a file of idx already paired with a record of hash.
func (mt *matching) pairedWithHash(f *Folder, idx []int, hash string) int {
	for _, i := range idx {
		if r := mt.byFile[i]; r != nil && r.Hash == hash {
			return i
		}
	}
	return -1
}

func (mt *matching) matchNames(f *Folder, recs []Record) {
	byName := map[string]int{}
	for i, m := range f.Migrations {
		byName[m.Name] = i
	}
	var unnamed []*Record
	for k := range recs {
		r := &recs[k]
		if r.Name == "" {
			unnamed = append(unnamed, r)
			continue
		}
		i, ok := byName[r.Name]
		switch {
		case !ok:
			mt.missing = append(mt.missing, r)
		case mt.byFile[i] != nil:
			mt.duplicates[i]++
		default:
			mt.byFile[i] = r
		}
	}
	for _, r := range unnamed {
		if i := mt.legacyMatch(f, r); i >= 0 {
			mt.byFile[i] = r
		} else {
			mt.missing = append(mt.missing, r)
		}
	}
}

// legacyMatch pairs a record without a name the way drizzle-orm 1.0's
// table upgrade does.
func (mt *matching) legacyMatch(f *Folder, r *Record) int {
	sec := r.CreatedAt - r.CreatedAt%1000
	var cands []int
	for i, m := range f.Migrations {
		if mt.byFile[i] == nil && m.CreatedAt == sec {
			cands = append(cands, i)
		}
	}
	if len(cands) == 1 {
		return cands[0]
	}
	if len(cands) > 1 {
		return mt.free(f, cands, r.Hash)
	}
	all := make([]int, len(f.Migrations))
	for i := range all {
		all[i] = i
	}
	return mt.free(f, all, r.Hash)
}

package export_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"studio/export"
	"studio/rows"
)

func TestCheckID(t *testing.T) {
	for id, ok := range map[string]bool{
		"abcd1234": true, "ABCDEFGHijklmnop0123456789abcdef": true,
		"abc123": false, "": false, "abcd-1234": false, "abcd1234abcd1234abcd1234abcd12345": false,
		"abcd123ü": false, "abcd 1234": false, "../../x1234": false,
	} {
		err := export.CheckID(id)
		if (err == nil) != ok || (err != nil && !errors.Is(err, rows.ErrBadQuery)) {
			t.Errorf("CheckID(%q) = %v, want ok=%v", id, err, ok)
		}
	}
}

func TestRegistryTracksAJob(t *testing.T) {
	r := export.NewRegistry(4, time.Minute)
	if _, ok := r.Status("abcd1234"); ok {
		t.Fatal("unknown id reported")
	}
	j, err := r.Start("abcd1234")
	if err != nil {
		t.Fatal(err)
	}
	j.SetRows(42)
	if s, ok := r.Status("abcd1234"); !ok || s != (export.Status{Rows: 42}) {
		t.Errorf("running: %+v %v", s, ok)
	}
	if _, err := r.Start("abcd1234"); !errors.Is(err, rows.ErrBadQuery) {
		t.Errorf("an id in use was accepted again: %v", err)
	}
	j.Finish(50, "the client went away")
	if s, _ := r.Status("abcd1234"); s != (export.Status{Rows: 50, Done: true, Error: "the client went away"}) {
		t.Errorf("finished: %+v", s)
	}
	if _, err := r.Start("abcd1234"); err != nil {
		t.Errorf("a finished export's id cannot be reused: %v", err)
	}
	var nilJob *export.Job
	nilJob.SetRows(1) // untracked exports call these on nil
	nilJob.Finish(1, "")
}

func TestRegistryIsBounded(t *testing.T) {
	r := export.NewRegistry(3, time.Hour)
	var jobs []*export.Job
	for i := 0; i < 3; i++ {
		j, err := r.Start(fmt.Sprintf("running%d", i))
		if err != nil {
			t.Fatal(err)
		}
		jobs = append(jobs, j)
	}
	if _, err := r.Start("onetoomany"); !errors.Is(err, export.ErrRegistryFull) {
		t.Fatalf("a full registry of running exports took another: %v", err)
	}
	jobs[1].Finish(10, "")
	time.Sleep(time.Millisecond)
	jobs[2].Finish(20, "")
	if _, err := r.Start("onetoomany"); err != nil {
		t.Fatalf("a finished export's slot was not reused: %v", err)
	}
	if _, ok := r.Status("running1"); ok {
		t.Error("the oldest finished export should have made room")
	}
	if _, ok := r.Status("running2"); !ok {
		t.Error("the newer finished export was dropped instead")
	}
}

func TestRegistryForgetsFinishedJobs(t *testing.T) {
	r := export.NewRegistry(8, 20*time.Millisecond)
	run, _ := r.Start("stillrunning")
	done, _ := r.Start("finishedjob")
	done.Finish(1, "")
	time.Sleep(40 * time.Millisecond)
	if _, ok := r.Status("finishedjob"); ok {
		t.Error("a finished export outlived its keep time")
	}
	if _, ok := r.Status("stillrunning"); !ok {
		t.Error("a running export expired")
	}
	run.Finish(2, "")
}

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"
)

// process is a twofa process the test can kill.
type process struct {
	url    string
	log    *syncBuffer
	cmd    *exec.Cmd
	exited chan error
}

// startProcess starts the twofa binary bin with args, and stops it at the
// end of the test unless it was killed.
func startProcess(t *testing.T, bin string, args []string) *process {
	t.Helper()
	cmd := exec.Command(bin, args...)
	var stdout, stderr syncBuffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &process{log: &stderr, cmd: cmd, exited: make(chan error, 1)}
	go func() { p.exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.exited:
		case <-time.After(20 * time.Second):
			_ = cmd.Process.Kill()
			t.Errorf("twofa did not stop on SIGTERM:\n%s", stderr.String())
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if m := listenRe.FindStringSubmatch(stdout.String()); m != nil {
			p.url = m[1]
			return p
		}
		select {
		case err := <-p.exited:
			p.exited <- err
			t.Fatalf("twofa exited: %v\n%s", err, stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("twofa did not start:\n%s", stderr.String())
	return nil
}

// kill sends SIGKILL and waits for the process to end.
func (p *process) kill(t *testing.T) {
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Errorf("SIGKILL: %v", err)
	}
	err := <-p.exited
	p.exited <- err
}

var built struct {
	once sync.Once
	dir  string
	bin  string
	err  error
	out  []byte
}

// twofaBinary builds the twofa command once per test run and returns its
// path. It is built without the race detector even when the tests run
// with it: the tests that start it time it, or need it quick enough for
// TOTP codes to stay in their window, and the race detector makes the
// SQLite driver many times slower.
func twofaBinary(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		built.dir, built.err = os.MkdirTemp("", "twofa-bin-")
		if built.err != nil {
			return
		}
		built.bin = filepath.Join(built.dir, "twofa")
		built.out, built.err = exec.Command("go", "build", "-o", built.bin, ".").CombinedOutput()
	})
	if built.err != nil {
		t.Fatalf("go build: %v\n%s", built.err, built.out)
	}
	return built.bin
}

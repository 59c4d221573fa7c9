package mailtest

import (
	"bufio"
	"net"
	"net/smtp"
	"strings"
	"testing"
	"time"
)

func sendPlain(addr, to string) error {
	return smtp.SendMail(addr, nil, "twofa@example.com", []string{to},
		[]byte("Subject: hi\r\n\r\nbody\r\n"))
}

func TestFaultRefuseThenRecover(t *testing.T) {
	s := NewServer(t, WithFault(Refuse))
	err := sendPlain(s.Addr(), "a@example.com")
	if err == nil || !strings.Contains(err.Error(), "554") {
		t.Fatalf("send to a refusing server: %v, want a 554 error", err)
	}
	if s.Refused() != 1 || len(s.Messages()) != 0 {
		t.Errorf("Refused() = %d, %d messages; want 1 and 0", s.Refused(), len(s.Messages()))
	}
	s.SetFault(NoFault)
	if err := sendPlain(s.Addr(), "a@example.com"); err != nil {
		t.Fatalf("send after SetFault(NoFault): %v", err)
	}
	s.WaitFor(t, "a@example.com", 5*time.Second)
}

func TestFaultStallSaysNothing(t *testing.T) {
	s := NewServer(t)
	s.SetFault(Stall)
	c, err := net.Dial("tcp", s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	// The deadline only bounds how long the test waits for a greeting
	// that must not come; no duration is asserted.
	c.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	line, err := bufio.NewReader(c).ReadString('\n')
	if err == nil {
		t.Fatalf("a stalled server greeted: %q", line)
	}
	if ne, ok := err.(net.Error); !ok || !ne.Timeout() {
		t.Fatalf("read from a stalled server: %v, want a timeout", err)
	}
	if s.Stalled() != 1 {
		t.Errorf("Stalled() = %d, want 1", s.Stalled())
	}
	s.SetFault(NoFault)
	if err := sendPlain(s.Addr(), "b@example.com"); err != nil {
		t.Fatalf("send after SetFault(NoFault): %v", err)
	}
}

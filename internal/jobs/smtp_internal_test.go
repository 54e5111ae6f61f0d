package jobs

import (
	"net"
	"testing"
)

// Mail may go without TLS only to a server on this machine.
func TestIsLoopback(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:25":     true,
		"127.1.2.3:25":     true,
		"[::1]:25":         true,
		"192.0.2.10:25":    false,
		"[2001:db8::1]:25": false,
	} {
		a, err := net.ResolveTCPAddr("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := isLoopback(a); got != want {
			t.Errorf("isLoopback(%s) = %v", addr, got)
		}
	}
	if isLoopback(&net.UnixAddr{Name: "/tmp/x", Net: "unix"}) {
		t.Error("a non-TCP address counted as loopback")
	}
}

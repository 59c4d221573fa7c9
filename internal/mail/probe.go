package mail

import (
	"context"
	"fmt"
	"net/textproto"
	"time"
)

// Probe connects to the SMTP server, waits for its greeting (a 220 reply;
// the TLS handshake first for smtps://) and says QUIT, within ctx. It
// sends no mail and no credentials: it tells whether the server can be
// reached and answers, for a health check. The error says what failed,
// as "dial tcp 10.0.0.5:587: connection refused".
func (s *SMTP) Probe(ctx context.Context) error {
	d := &ctxDialer{ctx: ctx}
	if s.endpoint.security == implicitTLS {
		d.tlsConfig = s.tlsConfig
	}
	defer d.release()
	conn, err := d.dial(ctx, "tcp", s.endpoint.addr())
	if err != nil {
		return err
	}
	defer conn.Close()
	if deadline, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(deadline)
	} else {
		_ = conn.SetDeadline(time.Now().Add(s.timeout))
	}
	tp := textproto.NewConn(conn)
	if _, _, err := tp.ReadResponse(220); err != nil {
		return fmt.Errorf("greeting from %s: %w", s.endpoint.addr(), err)
	}
	if err := tp.PrintfLine("QUIT"); err != nil {
		return fmt.Errorf("quit to %s: %w", s.endpoint.addr(), err)
	}
	_, _, _ = tp.ReadResponse(221)
	return nil
}

package mail

import (
	"context"
	"crypto/tls"
	"net"
)

// ctxDialer opens the connections of one Send. go-mail honours the context
// only while dialing; ctxDialer also closes the connection when the Send
// context is done, so a stalled server cannot hold Send past cancellation.
//
// It does implicit TLS itself when tlsConfig is set, because go-mail skips
// its own TLS dialing whenever a dial function is supplied. The connection
// is returned as a *tls.Conn so go-mail still sees it as encrypted.
type ctxDialer struct {
	ctx       context.Context // the Send context
	tlsConfig *tls.Config     // non-nil for implicit TLS (smtps)
	stops     []func() bool   // detach the close-on-done hooks; used by one goroutine only
}

// dial matches go-mail's DialContextFunc. dialCtx is go-mail's per-dial
// context (the Send context plus the timeout).
func (d *ctxDialer) dial(dialCtx context.Context, network, addr string) (net.Conn, error) {
	var nd net.Dialer
	conn, err := nd.DialContext(dialCtx, network, addr)
	if err != nil {
		return nil, err
	}
	d.stops = append(d.stops, context.AfterFunc(d.ctx, func() { _ = conn.Close() }))
	if d.tlsConfig == nil {
		return conn, nil
	}
	tc := tls.Client(conn, d.tlsConfig)
	if err := tc.HandshakeContext(dialCtx); err != nil {
		_ = conn.Close()
		return nil, err
	}
	return tc, nil
}

// release detaches the close-on-done hooks once Send has finished.
func (d *ctxDialer) release() {
	for _, stop := range d.stops {
		stop()
	}
}

// Package logbuf keeps log output off the request path: a Writer collects
// lines in memory and a background goroutine hands them to the real output
// (standard error, a pipe to a log collector) every interval, or as soon as
// the buffer passes a size, so that a request that logs does not wait for a
// write system call.
//
// Nothing is dropped. When the buffer reaches its limit, Write writes it
// through itself rather than discard or wait forever; after Close, every
// Write goes straight to the output. A Handler wrapped by Writer.Handler
// flushes at once, before Handle returns, the records that must not wait:
// those at warn level or above and those carrying one of the named
// attribute keys (security events), so that they reach the output even if
// the process is killed a moment later. Lines below warn may be lost to a
// SIGKILL or a power cut within one interval; Close, which every way out of
// the program should call, flushes the rest.
//
// When the output fails, the bytes it did not take stay buffered and are
// written at the next flush; Flush and Close return the error. Should the
// buffer reach its limit while the output keeps failing, Write returns the
// error to its caller instead of growing without bound.
package logbuf

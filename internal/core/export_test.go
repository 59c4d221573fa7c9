package core

// WaitPasswordResets waits until the work of every password-reset request
// answered so far is done (their mail, if any, is in the outbox), for
// tests that check what a request did after its answer.
func (s *Service) WaitPasswordResets() { s.resets.Wait() }

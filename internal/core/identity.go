package core

import "context"

// ConfirmIdentity checks a second factor and changes nothing else: the
// session then counts as having just proved one, so a password change sent
// within StepUpFreshness needs no new proof. A client can thus confirm
// first and send the change afterwards, and never has to hold a new
// password while the user fetches a code. Without a code it answers
// 2fa-required as every sensitive action does, mailing a code first when
// the method is email. An account with no second factor left proves
// itself with the password, which marks nothing: its password change
// needs the current password anyway.
func (s *Service) ConfirmIdentity(ctx context.Context, p *Principal, proof Proof, meta ClientMeta) error {
	return s.requireProof(ctx, p, proof, meta)
}

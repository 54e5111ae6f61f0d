package model

import "slices"

// ModerationState is where a submission is in the moderation queue
// (ARCHITECTURE.md §2: pending → approved | rejected; a safeguarding flag
// routes to admins).
type ModerationState string

const (
	ModPending  ModerationState = "pending"  // waiting for a moderator
	ModApproved ModerationState = "approved" // the masked version is what everyone downstream sees
	ModRejected ModerationState = "rejected" // spam, abuse, off-topic or other; seen by moderators only
	// ModSafeguarding is flagged for safeguarding: on the admins' list with the
	// support directory's referral contacts, seen by moderators, never by the
	// council.
	ModSafeguarding ModerationState = "safeguarding"
)

// ModerationStates lists every state in queue order.
var ModerationStates = []ModerationState{ModPending, ModApproved, ModRejected, ModSafeguarding}

// ModerationAction is something done to one item in the moderation queue.
type ModerationAction string

const (
	ModApprove             ModerationAction = "approve"              // moderator: pending → approved
	ModReject              ModerationAction = "reject"               // moderator, with a RejectReason: pending → rejected
	ModFlag                ModerationAction = "flag"                 // moderator: pending → safeguarding
	ModMask                ModerationAction = "mask"                 // moderator adds or removes masks: pending only
	ModReply               ModerationAction = "reply"                // moderator replies to the writer: not on rejected items
	ModReopen              ModerationAction = "reopen"               // moderator: rejected → pending (a mistake undone); admin: rejected or safeguarding → pending
	ModResolveSafeguarding ModerationAction = "resolve_safeguarding" // admin, after handling: safeguarding → pending
)

// ModerationActions lists every action.
var ModerationActions = []ModerationAction{ModApprove, ModReject, ModFlag, ModMask, ModReply, ModReopen, ModResolveSafeguarding}

// RejectReason says why an item was rejected.
type RejectReason string

const (
	RejectSpam     RejectReason = "spam"
	RejectAbuse    RejectReason = "abuse"
	RejectOffTopic RejectReason = "off_topic"
	RejectOther    RejectReason = "other"
)

// RejectReasons lists every reason in display order.
var RejectReasons = []RejectReason{RejectSpam, RejectAbuse, RejectOffTopic, RejectOther}

// ValidRejectReason reports whether r is a known reason.
func ValidRejectReason(r RejectReason) bool { return slices.Contains(RejectReasons, r) }

type moderationStep struct {
	state  ModerationState
	action ModerationAction
}

type moderationOutcome struct {
	next  ModerationState
	roles []Role // who may take the step
}

// moderationTransitions is the one table of what may happen to an item, by
// whom. A (state, action) pair that is missing is refused.
var moderationTransitions = map[moderationStep]moderationOutcome{
	{ModPending, ModApprove}: {ModApproved, []Role{RoleModerator}},
	{ModPending, ModReject}:  {ModRejected, []Role{RoleModerator}},
	{ModPending, ModFlag}:    {ModSafeguarding, []Role{RoleModerator}},
	{ModPending, ModMask}:    {ModPending, []Role{RoleModerator}},
	{ModPending, ModReply}:   {ModPending, []Role{RoleModerator}},

	{ModApproved, ModReply}: {ModApproved, []Role{RoleModerator}},

	{ModRejected, ModReopen}: {ModPending, []Role{RoleModerator, RoleAdmin}},

	{ModSafeguarding, ModReply}:               {ModSafeguarding, []Role{RoleModerator}},
	{ModSafeguarding, ModReopen}:              {ModPending, []Role{RoleAdmin}},
	{ModSafeguarding, ModResolveSafeguarding}: {ModPending, []Role{RoleAdmin}},
}

// mayEver reports whether any of roles may take action a in some state.
func mayEver(a ModerationAction, roles Roles) bool {
	for step, out := range moderationTransitions {
		if step.action == a && slices.ContainsFunc(out.roles, roles.Has) {
			return true
		}
	}
	return false
}

// Moderate returns the state an item in state moves to when roles take action
// on it. reason is read for ModReject only. The checks run in this order, so
// that someone who may never take the action learns nothing about the item's
// state:
//   - ModerationForbidden (CodeForbidden): none of roles may take the action
//     in any state (council, co-chairs and anonymous callers never may);
//   - ModerationRefused (CodeUnprocessable): the state does not allow the
//     action, or allows it only to other roles;
//   - ModerationReasonRequired (CodeUnprocessable): a reject without a valid
//     RejectReason.
//
// Whether the item changed meanwhile (two moderators on one item) is the
// store's check, not this one.
func Moderate(state ModerationState, action ModerationAction, roles Roles, reason RejectReason) (ModerationState, *Error) {
	if !mayEver(action, roles) {
		return state, Errorf(CodeForbidden, "ModerationForbidden")
	}
	out, ok := moderationTransitions[moderationStep{state, action}]
	if !ok || !slices.ContainsFunc(out.roles, roles.Has) {
		return state, Errorf(CodeUnprocessable, "ModerationRefused").
			WithData(map[string]any{"State": string(state), "Action": string(action)})
	}
	if action == ModReject && !ValidRejectReason(reason) {
		return state, Errorf(CodeUnprocessable, "ModerationReasonRequired")
	}
	return out.next, nil
}

// VisibleTo reports whether an item in state s may be shown to someone with
// roles: moderators see every state; admins see safeguarding items (the rest
// only if also moderators); the council sees approved items only (masked);
// co-chairs see no item.
func (s ModerationState) VisibleTo(roles Roles) bool {
	if !slices.Contains(ModerationStates, s) {
		return false
	}
	switch {
	case roles.Has(RoleModerator):
		return true
	case s == ModSafeguarding:
		return roles.Has(RoleAdmin)
	case s == ModApproved:
		return roles.Has(RoleCouncil)
	}
	return false
}

// MaskSpan is one masked stretch of a text: bytes [Start, End) replaced by
// a visible marker of its kind, such as "[phone]".
type MaskSpan struct {
	Kind  string `json:"kind"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

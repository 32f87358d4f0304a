"""Action ids of the buttons and menus the bot puts in messages, in one place.

The value of each button carries the meeting id; user menus carry it in their block id
(`pick_<meeting>`): opaque ids only, never case content.
"""

ROLES_CONFIRM = "roles.confirm"
ROLES_SWAP = "roles.swap"
ROLES_CASE_BRINGER = ("roles.case_bringer_0", "roles.case_bringer_1")
ROLES_FACILITATOR = "roles.facilitator"
ROLE_ACTIONS = (ROLES_CONFIRM, ROLES_SWAP, *ROLES_CASE_BRINGER, ROLES_FACILITATOR)

MEMBER_COMING = "member.coming"
MEMBER_NOT_COMING = "member.not_coming"
MEMBER_VOLUNTEER = "member.volunteer"
MEMBER_PASS = "member.pass"
MEMBER_ACTIONS = (MEMBER_COMING, MEMBER_NOT_COMING, MEMBER_VOLUNTEER, MEMBER_PASS)

CASE_OPEN = "case.open"
CASE_ASK_OTHER = "case.ask_other"
CASE_WITHOUT = "case.without"
CASE_CANCEL = "case.cancel"
ESCALATION_ACTIONS = (CASE_ASK_OTHER, CASE_WITHOUT, CASE_CANCEL)

# The running meeting. Controls carry "<meeting>:<version>", flip-over buttons
# "<meeting>:<phase entry version>": a press from an older moment is recognised and refused.
LIVE_START = "live.start"
LIVE_METHOD = "live.method"  # a select; its block id is method_<meeting>
LIVE_ADVICE = "live.advice"
# An answer in "which method fits?" (value "<meeting>:<answers so far>", digits), and the
# full list of methods.
LIVE_ADVICE_ANSWER = "live.advice.answer"
LIVE_ADVICE_ALL = "live.advice.all"
LIVE_CARD = "live.card"
LIVE_PANEL = "live.panel"  # the one Facilitator button: opens the controls for them alone
LIVE_CONTROL = {name: f"live.control.{name}"
                for name in ("next", "back", "extend", "pause", "resume", "skip", "end",
                             "signals")}
WRITTEN_CHOOSE = "written.choose"  # in a live meeting's opening: run this one in writing
LIVE_FORM = {name: f"live.form.{name}"
             for name in ("add", "rate", "mark", "choose", "show", "checkout")}

PRIVACY_FORGET = "privacy.forget"  # the confirmation under `/intervisie forget-me`

# A nudge about a due action: the value is the action's id.
ACTION_REPORT = "action.report"
ACTION_SNOOZE = "action.snooze"
ACTION_DROP = "action.drop"
NUDGE_ACTIONS = (ACTION_REPORT, ACTION_SNOOZE, ACTION_DROP)
ATTENDANCE_CORRECT = "attendance.correct"  # on the summary: value is the meeting id
ACTION_NEW = "action.new"  # "Add an action" on a summary: value is the meeting id
EVALUATION_OPEN = "evaluation.open"  # in the evaluation request: value is the meeting id
REFLECTION_OPEN = "reflection.open"  # the participant's reflection: value is the meeting id
AGREEMENTS_OPEN = "agreements.open"  # on the first meeting's agenda: value is the meeting id
PROPOSAL_ACCEPT = "proposal.accept"  # on an evaluation's summary: "<meeting>:<proposal>"

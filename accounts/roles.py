"""The four roles of DESIGN §1. Each is a Django group of the same name."""

SECRETARIAT = "secretariat"
MISSION = "mission"
EXECUTIVE = "executive"
AUDITOR = "auditor"

ROLES = (SECRETARIAT, MISSION, EXECUTIVE, AUDITOR)

# Who acts when no person does: the scheduler closing a post at its deadline.
SYSTEM = "system"

from .calls import Call, Post, PostCompetency
from .candidates import Candidate
from .competencies import Competency
from .documents import Document
from .member_states import MemberState
from .nominations import Nomination
from .notes import NoteVerbale
from .shortlists import ShortlistProposal

__all__ = [
    "Call",
    "Candidate",
    "Competency",
    "Document",
    "MemberState",
    "Nomination",
    "NoteVerbale",
    "Post",
    "PostCompetency",
    "ShortlistProposal",
]

from .calls import Call, Post, PostCompetency
from .candidates import Candidate
from .competencies import Competency
from .documents import Document
from .member_states import MemberState
from .nominations import Nomination
from .notes import NoteReferenceCounter, NoteVerbale
from .shortlists import ShortlistProposal

__all__ = [
    "Call",
    "Candidate",
    "Competency",
    "Document",
    "MemberState",
    "Nomination",
    "NoteReferenceCounter",
    "NoteVerbale",
    "Post",
    "PostCompetency",
    "ShortlistProposal",
]

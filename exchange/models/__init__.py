from exchange.models.consultations import Consultation, ConsultationDocument, ConsultationQuestion, Statement
from exchange.models.directory import ConsentRecord, ContactRequest, Language, OfferCategory, Partner, Profile
from exchange.models.events import Event, EventStatus
from exchange.models.meetings import (
    AgendaItem,
    Agreement,
    Answer,
    Meeting,
    MeetingDocument,
    MeetingInvitation,
    MeetingSeries,
)

__all__ = [
    "AgendaItem", "Agreement", "Answer", "ConsentRecord", "Consultation", "ConsultationDocument",
    "ConsultationQuestion", "ContactRequest", "Event", "EventStatus", "Language", "Meeting", "MeetingDocument",
    "MeetingInvitation", "MeetingSeries", "OfferCategory", "Partner", "Profile", "Statement",
]

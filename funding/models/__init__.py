from funding.models.accounts import UserPreference
from funding.models.applications import Application, Attachment, CostLine, Decision, Review, ReviewScore
from funding.models.calls import (
    Authority,
    FundingCall,
    FundingLine,
    FundingProgramme,
    ScoreCriterion,
    StandardReason,
)
from funding.models.communication import Letter, Message, Note, ReminderSent
from funding.models.jobs import BackgroundJob, BulkLetterJob, WorkerHeartbeat
from funding.models.money import Drawdown, Payment, ProofLine, ProofOfUse, Receipt, Recovery
from funding.models.security import SecondFactorReset

__all__ = [
    "Application",
    "Attachment",
    "Authority",
    "BackgroundJob",
    "BulkLetterJob",
    "CostLine",
    "Decision",
    "Drawdown",
    "FundingCall",
    "FundingLine",
    "FundingProgramme",
    "Letter",
    "Message",
    "Note",
    "Payment",
    "ProofLine",
    "ProofOfUse",
    "Receipt",
    "Recovery",
    "ReminderSent",
    "Review",
    "ReviewScore",
    "ScoreCriterion",
    "SecondFactorReset",
    "StandardReason",
    "UserPreference",
    "WorkerHeartbeat",
]

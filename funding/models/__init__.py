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
from funding.models.amendments import Amendment, AmendmentCostLine
from funding.models.money import Drawdown, Payment, PaymentRun, ProofLine, ProofOfUse, Receipt
from funding.models.recovery import BaseRate, Hearing, LegalBasis, Recovery, Repayment
from funding.models.security import SecondFactorReset
from funding.models.texts import AncillaryProvisions, LetterText

__all__ = [
    "Amendment",
    "AmendmentCostLine",
    "BaseRate",
    "Hearing",
    "LegalBasis",
    "PaymentRun",
    "Repayment",
    "AncillaryProvisions",
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
    "LetterText",
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
    "WorkerHeartbeat",
]

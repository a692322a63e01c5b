from funding.models.accounts import UserPreference
from funding.models.applications import (
    Application,
    ApproverDeclaration,
    Attachment,
    CostLine,
    Decision,
    DecisionCostLine,
    DeclarationRequest,
    Review,
    ReviewScore,
)
from funding.models.calls import (
    Authority,
    FundingCall,
    FundingLine,
    FundingProgramme,
    OpenDataLicence,
    ScoreCriterion,
    StandardReason,
)
from funding.models.communication import Letter, Message, Note, ReminderSent
from funding.models.jobs import BackgroundJob, BulkLetterJob, EfileExportJob, WorkerHeartbeat
from funding.models.amendments import Amendment, AmendmentCostLine
from funding.models.money import Drawdown, Payment, PaymentRun, ProofLine, ProofOfUse, Receipt
from funding.models.recovery import BaseRate, Hearing, LegalBasis, Recovery, Repayment
from funding.models.security import SecondFactorReset
from funding.models.summary import (
    FlowCell,
    FlowEntry,
    OrganisationFigure,
    OrganisationTally,
    ReportCell,
    ReportEntry,
    StateCount,
)
from funding.models.texts import AncillaryProvisions, LetterText
from funding.models.tenancy import StaffRole

__all__ = [
    "StaffRole",
    "FlowCell",
    "FlowEntry",
    "Amendment",
    "AmendmentCostLine",
    "BaseRate",
    "Hearing",
    "LegalBasis",
    "PaymentRun",
    "Repayment",
    "AncillaryProvisions",
    "Application",
    "ApproverDeclaration",
    "Attachment",
    "Authority",
    "BackgroundJob",
    "BulkLetterJob",
    "EfileExportJob",
    "CostLine",
    "Decision",
    "DecisionCostLine",
    "DeclarationRequest",
    "Drawdown",
    "FundingCall",
    "FundingLine",
    "FundingProgramme",
    "Letter",
    "LetterText",
    "Message",
    "Note",
    "OpenDataLicence",
    "Payment",
    "ProofLine",
    "ProofOfUse",
    "Receipt",
    "Recovery",
    "ReminderSent",
    "OrganisationFigure",
    "OrganisationTally",
    "ReportCell",
    "ReportEntry",
    "Review",
    "ReviewScore",
    "ScoreCriterion",
    "SecondFactorReset",
    "StandardReason",
    "StateCount",
    "UserPreference",
    "WorkerHeartbeat",
]

"""The application itself as PDF: the organisation's document, addressed to the authority."""

from decimal import Decimal

from django.utils import timezone

from funding.letterkinds import samples
from funding.letterkinds.base import LetterKind, common_context, common_objects, person_name, register


class ApplicationKind(LetterKind):
    """Not a letter of the authority: no letterhead, no signature, no configured texts."""

    name = "application"
    title = "Antrag auf Gewährung einer Zuwendung"

    def objects(self, application, **given):
        submitted = application.submitted_at
        return common_objects(
            application,
            cost_lines=list(application.cost_lines.all()),
            attachments=list(application.attachments.exclude(kind="proof")),
            documents=list(application.organisation.documents.all()),
            partners=[co.organisation for co in application.co_applicants.select_related("organisation__municipality")],
            letter_date=timezone.localdate(submitted) if submitted else timezone.localdate(),
            **given,
        )

    def sample_objects(self):
        objects = samples.common()
        return {**objects, "cost_lines": samples.cost_lines(objects["application"]), "attachments": [], "documents": [],
                "partners": []}

    def context(self, *, cost_lines, attachments, documents, partners, **objects):
        application = objects["application"]
        total_costs = sum((line.amount for line in cost_lines), Decimal("0.00"))
        return common_context(
            **objects,
            cost_lines=cost_lines,
            attachments=attachments,
            documents=documents,
            partners=partners,
            total_costs=total_costs,
            total_financing=application.total_financing(),
            declared_by_name=(
                person_name(application.declared_by) if application.declared_by_id
                else application.declarations_confirmed_name
            ),
        )

    def signature(self, context):
        return None


APPLICATION = register(ApplicationKind())

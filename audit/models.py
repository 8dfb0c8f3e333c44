from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AuditChainLink(models.Model):
    """The place of one audit row (django-auditlog's LogEntry) in the hash chain: written in the transaction
    that writes the row (audit.chain), never changed. See `audit.chain` for what is hashed."""

    entry = models.OneToOneField(
        "auditlog.LogEntry", primary_key=True, on_delete=models.CASCADE, related_name="chain_link"
    )
    seq = models.PositiveBigIntegerField(_("position in the chain"), unique=True)
    prev_hash = models.CharField(_("hash of the previous row"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        # The table keeps the name it had when the model lived in accounts (its triggers and grants name it).
        db_table = "accounts_auditchainlink"
        verbose_name = _("audit chain link")
        verbose_name_plural = _("audit chain links")
        constraints = [
            models.CheckConstraint(
                condition=Q(seq__gte=1),
                name="audit_chain_seq_positive",
                violation_error_message=_("The chain starts at 1."),
            ),
            # One successor per row: the chain cannot fork.
            models.UniqueConstraint(
                fields=["prev_hash"],
                name="audit_chain_one_successor",
                violation_error_message=_("Another audit row already follows this one in the chain."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seq}: {self.hash}"

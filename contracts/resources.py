"""Service contracts in xlsx with Chinese headers (see advisers/excel.py for the conventions)."""

from import_export import fields, resources, widgets

from accounts.models import Unit
from advisers.excel import (
    ChoiceLabelWidget,
    FixedColumnsMixin,
    MoneyWidget,
    NamedForeignKeyWidget,
    ServiceSavesMixin,
    YesNoWidget,
)
from advisers.models import Adviser, Engagement, SelectionMethod

from .models import ServiceContract
from .services import contract_save

CLAUSE_HEADERS = {
    "clause_scope": "服务范围条款",
    "clause_fees": "费用及支付条款",
    "clause_term": "服务期限条款",
    "clause_confidentiality": "保密条款",
    "clause_conflict": "利益冲突回避条款",
    "clause_liability": "违约责任条款",
    "clause_assessment": "考核评价条款",
    "clause_termination": "解除条件条款",
}


class ServiceContractResource(ServiceSavesMixin, FixedColumnsMixin, resources.ModelResource):
    unit = fields.Field(attribute="unit", column_name="聘用单位", widget=NamedForeignKeyWidget(Unit))
    number = fields.Field(attribute="number", column_name="合同编号", widget=widgets.CharWidget())
    adviser = fields.Field(
        attribute="adviser", column_name="法律顾问或律师事务所", widget=NamedForeignKeyWidget(Adviser)
    )
    signed_on = fields.Field(attribute="signed_on", column_name="签订日期", widget=widgets.DateWidget("%Y-%m-%d"))
    start_date = fields.Field(attribute="start_date", column_name="开始日期", widget=widgets.DateWidget("%Y-%m-%d"))
    end_date = fields.Field(attribute="end_date", column_name="结束日期", widget=widgets.DateWidget("%Y-%m-%d"))
    fee_basis = fields.Field(
        attribute="fee_basis", column_name="计费方式", widget=ChoiceLabelWidget(ServiceContract.FeeBasis.choices)
    )
    amount = fields.Field(attribute="amount", column_name="合同金额（元）", widget=MoneyWidget())
    procurement_method = fields.Field(
        attribute="procurement_method", column_name="采购方式", widget=ChoiceLabelWidget(SelectionMethod.choices)
    )
    procurement_ref = fields.Field(attribute="procurement_ref", column_name="采购项目编号", widget=widgets.CharWidget())
    scope = fields.Field(attribute="scope", column_name="服务范围", widget=widgets.CharWidget())

    class Meta:
        model = ServiceContract
        fields = (
            "unit",
            "number",
            "adviser",
            "signed_on",
            "start_date",
            "end_date",
            "fee_basis",
            "amount",
            "procurement_method",
            "procurement_ref",
            "scope",
            *CLAUSE_HEADERS,
        )
        import_id_fields = ("unit", "number")
        use_transactions = True
        clean_model_instances = True
        skip_unchanged = False
        report_skipped = False

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for name, header in CLAUSE_HEADERS.items():
            self.fields[name] = fields.Field(attribute=name, column_name=header, widget=YesNoWidget())

    def before_save_instance(self, instance, row, **kwargs):
        # Link the engagement the contract belongs to: the unit's active one with this adviser.
        if instance.engagement_id is None and instance.unit_id and instance.adviser_id:
            instance.engagement = Engagement.objects.filter(
                unit_id=instance.unit_id, adviser_id=instance.adviser_id, status=Engagement.Status.ACTIVE
            ).first()

    def do_instance_save(self, instance, is_create):
        # The admin's save: the rules run on it and on the unit's other contracts with the adviser.
        contract_save(actor=self.actor, contract=instance)

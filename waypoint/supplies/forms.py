"""Forms of the catalog and stock pages. Choices are always limited to the current program."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from waypoint.core.models import Membership, Role, Site

from .models import (
    ADJUST_REASONS,
    WASTE_REASONS,
    InventorySettings,
    Lot,
    MovementReason,
    SupplyItem,
)
from .services.counts import SheetItem
from .services.stock import MAX_QUANTITY

LINES = 6


class SiteChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class LotChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        if obj.expires_on:
            return _("%(item)s — lot %(lot)s, expires %(date)s") % {
                "item": obj.item.name,
                "lot": obj.lot_number,
                "date": date_format(obj.expires_on),
            }
        return _("%(item)s — lot %(lot)s") % {"item": obj.item.name, "lot": obj.lot_number}


def sites_of(program):
    return Site.objects.filter(program=program, is_active=True).order_by("name")


def items_of(program):
    return SupplyItem.objects.filter(program=program, is_active=True).order_by("sort_order", "name")


def lots_of(program):
    return (
        Lot.objects.filter(program=program, item__tracks_lots=True)
        .select_related("item")
        .order_by("item__sort_order", "item__name", "expires_on", "lot_number")
    )


class SupplyItemForm(forms.ModelForm):
    class Meta:
        model = SupplyItem
        fields = [
            "name",
            "category",
            "unit",
            "syringes_per_unit",
            "naloxone_doses_per_unit",
            "max_per_visit",
            "is_quick",
            "is_active",
            "sort_order",
        ]


class CountForm(forms.Form):
    counted = forms.IntegerField(min_value=0, max_value=10_000_000)


class ProgramForm(forms.Form):
    def __init__(self, *args, program, **kwargs):
        self.program = program
        super().__init__(*args, **kwargs)


class ReceiptForm(ProgramForm):
    site = SiteChoice(label=_("Received at"), queryset=Site.unscoped.none())
    supplier = forms.CharField(label=_("Supplier"), max_length=120, required=False)
    reference = forms.CharField(
        label=_("Packing slip or order number"), max_length=60, required=False
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites_of(self.program)


class ReceiptLineForm(ProgramForm):
    item = forms.ModelChoiceField(label=_("Item"), queryset=SupplyItem.unscoped.none())
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=MAX_QUANTITY)
    lot_number = forms.CharField(label=_("Lot number"), max_length=60, required=False)
    expires_on = forms.DateField(
        label=_("Expires on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    unit_cost = forms.DecimalField(
        label=_("Cost per unit"), required=False, min_value=0, max_digits=10, decimal_places=2
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items_of(self.program)

    def clean(self):
        data = super().clean()
        item = data.get("item")
        if item is not None and item.tracks_lots:
            if not (data.get("lot_number") or "").strip():
                self.add_error("lot_number", _("This item tracks lots: give the lot number."))
            if not data.get("expires_on"):
                self.add_error("expires_on", _("This item tracks lots: give the expiry date."))
        elif item is not None and (data.get("lot_number") or "").strip():
            self.add_error("lot_number", _("This item does not track lots: leave this empty."))
        return data


class TransferForm(ProgramForm):
    from_site = SiteChoice(label=_("Send from"), queryset=Site.unscoped.none())
    to_site = SiteChoice(label=_("Send to"), queryset=Site.unscoped.none())
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_site"].queryset = sites_of(self.program)
        self.fields["to_site"].queryset = sites_of(self.program)

    def clean(self):
        data = super().clean()
        if data.get("from_site") and data.get("from_site") == data.get("to_site"):
            self.add_error("to_site", _("Choose a different site to send to."))
        return data


class TransferLineForm(ProgramForm):
    item = forms.ModelChoiceField(label=_("Item"), queryset=SupplyItem.unscoped.none())
    lot = LotChoice(
        label=_("Lot"),
        queryset=Lot.unscoped.none(),
        required=False,
        empty_label=_("Earliest expiry first"),
    )
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=MAX_QUANTITY)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items_of(self.program)
        self.fields["lot"].queryset = lots_of(self.program)

    def clean(self):
        data = super().clean()
        if data.get("lot") is not None and data.get("item") is not None:
            if data["lot"].item_id != data["item"].pk:
                self.add_error("lot", _("That lot is of another item."))
        return data


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why is it cancelled?"), max_length=200)


class ChangeForm(ProgramForm):
    ADD, REMOVE, WRITE_OFF = "add", "remove", "write_off"
    action = forms.ChoiceField(
        label=_("What happened"),
        choices=[
            (ADD, _("Add to the shelf")),
            (REMOVE, _("Take off the shelf")),
            (WRITE_OFF, _("Write off (expired, damaged, recalled)")),
        ],
        widget=forms.RadioSelect,
    )
    site = SiteChoice(label=_("Site"), queryset=Site.unscoped.none())
    item = forms.ModelChoiceField(label=_("Item"), queryset=SupplyItem.unscoped.none())
    lot = LotChoice(
        label=_("Lot"), queryset=Lot.unscoped.none(), required=False, empty_label=_("No lot")
    )
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=MAX_QUANTITY)
    reason = forms.ChoiceField(label=_("Reason"), choices=MovementReason.choices)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites_of(self.program)
        self.fields["item"].queryset = items_of(self.program)
        self.fields["lot"].queryset = lots_of(self.program)

    def clean(self):
        data = super().clean()
        action, reason = data.get("action"), data.get("reason")
        allowed = WASTE_REASONS if action == self.WRITE_OFF else ADJUST_REASONS
        if action and reason and reason not in allowed:
            self.add_error("reason", _("That reason does not fit what happened."))
        if data.get("lot") is not None and data.get("item") is not None:
            if data["lot"].item_id != data["item"].pk:
                self.add_error("lot", _("That lot is of another item."))
        if reason == MovementReason.OTHER and not data.get("note"):
            self.add_error("note", _("Say what happened."))
        return data


def line_forms(form_class, data, *, program, count: int = LINES) -> list:
    """``count`` line forms prefixed ``line-N``; a line left blank is skipped, not refused."""
    return [
        form_class(
            data,
            program=program,
            prefix=f"line-{n}",
            empty_permitted=True,
            use_required_attribute=False,
        )
        for n in range(count)
    ]


def filled_lines(lines: list) -> list:
    """The lines someone typed into."""
    return [form for form in lines if form.is_bound and form.has_changed()]


class CountSheetForm(forms.Form):
    """One optional number per line of the count sheet; a blank line was not counted."""

    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, sheet: list[SheetItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.keys = {}
        for entry in sheet:
            entry.fields = []
            for row in entry.rows:
                name = f"c-{row.item.pk}-{row.lot.pk if row.lot else 0}"
                self.fields[name] = forms.IntegerField(
                    label=_row_label(row), required=False, min_value=0, max_value=MAX_QUANTITY
                )
                self.keys[name] = (row.item.pk, row.lot.pk if row.lot else None)
                entry.fields.append(self[name])

    def counted(self) -> dict:
        return {
            key: self.cleaned_data[name]
            for name, key in self.keys.items()
            if self.cleaned_data.get(name) is not None
        }


def _row_label(row) -> str:
    if row.lot is None:
        if row.item.tracks_lots:
            return _("%(item)s, without a lot number") % {"item": row.item.name}
        return row.item.name
    if row.lot.expires_on:
        return _("%(item)s, lot %(lot)s (expires %(date)s)") % {
            "item": row.item.name,
            "lot": row.lot.lot_number,
            "date": date_format(row.lot.expires_on),
        }
    return _("%(item)s, lot %(lot)s") % {"item": row.item.name, "lot": row.lot.lot_number}


class ItemStockForm(forms.ModelForm):
    class Meta:
        model = SupplyItem
        fields = ["reorder_point", "tracks_lots"]


class InventorySettingsForm(forms.ModelForm):
    class Meta:
        model = InventorySettings
        fields = [
            "expiry_warning_days",
            "reorder_days",
            "digest_enabled",
            "digest_recipients",
            "digest_sms_numbers",
        ]
        widgets = {"digest_recipients": forms.CheckboxSelectMultiple}

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        coordinators = Membership.objects.filter(
            program=program, is_active=True, role__in=[Role.ADMIN, Role.COORDINATOR]
        ).values("user_id")
        self.fields["digest_recipients"].queryset = get_user_model().objects.filter(
            pk__in=coordinators, is_active=True
        )

    def clean_digest_sms_numbers(self):
        value = self.cleaned_data["digest_sms_numbers"]
        for line in value.splitlines():
            digits = "".join(ch for ch in line if ch.isdigit())
            if line.strip() and not 7 <= len(digits) <= 15:
                raise ValidationError(
                    _("“%(line)s” does not look like a phone number.") % {"line": line.strip()}
                )
        return value


class ImportForm(forms.Form):
    CATALOG, STOCK = "catalog", "stock"
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[(CATALOG, _("Catalog items")), (STOCK, _("Opening stock"))],
        widget=forms.RadioSelect,
    )
    file = forms.FileField(label=_("CSV file"), required=False)
    content = forms.CharField(required=False, widget=forms.HiddenInput)

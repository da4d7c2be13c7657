"""Typed positions for a list of items: chapters on "Manage Chapters", parts on a series' edit page."""

from django import forms


class OrderForm(forms.Form):
    """Positions for a list of items (chapters or series parts), typed as numbers."""

    def __init__(self, *args, items: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for index, item in enumerate(items, start=1):
            self.fields[f"position_{item.pk}"] = forms.IntegerField(
                label=str(item), min_value=1, max_value=len(items), initial=index
            )

    def ordered_ids(self) -> list[int]:
        """Item ids sorted by the positions typed; ties keep their old order."""
        keyed = [
            (self.cleaned_data[f"position_{item.pk}"], index, item.pk)
            for index, item in enumerate(self.items)
        ]
        return [pk for _, _, pk in sorted(keyed)]
